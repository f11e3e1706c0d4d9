import { z } from 'zod'
import type { PerfgatePlugin } from '../core/model/types.js'
import { definePreset, docsUrl } from '../core/toolkit/index.js'
import { type BenchOptions, benchPlugin } from '../plugins/bench/index.js'
import { type HostOptions, hostPlugin } from '../plugins/host/index.js'
import { API_BUDGETS, HOST_BUDGETS, HTTP_THRESHOLDS } from './budgets.js'
import { pluginOptions } from './options.js'

const apiSchema = z.strictObject({
  host: pluginOptions<HostOptions>().optional(),
  /** Your server and its scenarios: `{ http: { command, readyPath, scenarios } }`. */
  bench: pluginOptions<BenchOptions>().optional(),
})

export type ApiOptions = z.input<typeof apiSchema>

/** An HTTP API: latency, error rate and throughput budgets, and the host it ran on. */
export const api = definePreset({
  name: 'api',
  docs: docsUrl('presets.md', 'api'),
  schema: apiSchema,
  create(options) {
    const plugins: PerfgatePlugin[] = [hostPlugin(options.host)]
    if (options.bench) plugins.push(benchPlugin(options.bench))
    return { plugins, budgets: { ...API_BUDGETS, ...HOST_BUDGETS }, thresholds: { ...HTTP_THRESHOLDS } }
  },
})
