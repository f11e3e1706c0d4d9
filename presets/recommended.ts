import { z } from 'zod'
import type { PerfgatePlugin } from '../core/model/types.js'
import { definePreset, docsUrl } from '../core/toolkit/index.js'
import { type BenchOptions, benchPlugin } from '../plugins/bench/index.js'
import { type BundleOptions, bundlePlugin } from '../plugins/bundle/index.js'
import { type ConfigLintOptions, configLintPlugin } from '../plugins/config-lint/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../plugins/lighthouse/index.js'
import {
  API_BUDGETS,
  CACHE_BUDGETS,
  FRONTEND_BUDGETS,
  HOST_BUDGETS,
  HTTP_THRESHOLDS,
  LIGHTHOUSE_THRESHOLDS,
} from './budgets.js'
import { pluginOptions } from './options.js'

const recommendedSchema = z.strictObject({
  host: pluginOptions<HostOptions>().optional(),
  /** A built folder to analyse (`{ dir: 'dist' }`); off unless given, since not every project builds one. */
  bundle: pluginOptions<BundleOptions>().optional(),
  /** Bench files and HTTP scenarios; off unless given, since they need the project's server command. */
  bench: pluginOptions<BenchOptions>().optional(),
  /** Pages to audit in Chrome (`{ staticDistDir: 'dist' }` or `{ urls }`); off unless given. */
  lighthouse: pluginOptions<LighthouseOptions>().optional(),
  /** Caching, Redis, logging and service-call configs; on by default, `false` turns it off. */
  configLint: z.union([pluginOptions<ConfigLintOptions>(), z.literal(false)]).optional(),
})

export type RecommendedOptions = z.input<typeof recommendedSchema>

/** Everything perfgate can measure, with the KPI limits of the system perfgate grew from as budgets. */
export const recommended = definePreset({
  name: 'recommended',
  docs: docsUrl('presets.md', 'recommended'),
  schema: recommendedSchema,
  create(options) {
    const plugins: PerfgatePlugin[] = [hostPlugin(options.host)]
    if (options.bundle) plugins.push(bundlePlugin(options.bundle))
    if (options.lighthouse) plugins.push(lighthousePlugin(options.lighthouse))
    if (options.bench) plugins.push(benchPlugin(options.bench))
    if (options.configLint !== false) plugins.push(configLintPlugin(options.configLint ?? {}))
    return {
      plugins,
      budgets: { ...HOST_BUDGETS, ...FRONTEND_BUDGETS, ...API_BUDGETS, ...CACHE_BUDGETS },
      thresholds: { ...LIGHTHOUSE_THRESHOLDS, ...HTTP_THRESHOLDS },
    }
  },
})
