import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig } from '../config/resolve.js'
import type {
  Finding,
  Metric,
  PerfgatePlugin,
  PluginContext,
  PluginResult,
  ShardInfo,
  Side,
} from '../model/types.js'
import { createMemoryLogger } from '../report/logger.js'
import { executePlugin } from '../run/execute.js'
import { toReportEntries } from '../run/metrics.js'
import { ResourceScope } from '../run/resources.js'

export interface RunPluginOptions {
  /** The project folder the plugin measures (the config file's folder in a real run). */
  cwd: string
  /** Output folder; default a new temp folder. The plugin writes into `<outDir>/<name>`. */
  outDir?: string
  /** Per-plugin timeout (ms); default the config default. */
  timeout?: number
  shard?: ShardInfo
  /** Work units for this shard, as the runner would deal them; default all the plugin declares. */
  units?: string[]
  side?: Side
  signal?: AbortSignal
}

export interface PluginRun {
  result: PluginResult
  /** As they appear in report.json: value filled from samples, verdict `new`. */
  metrics: Metric[]
  findings: Finding[]
  artifacts: Array<{ kind: string; path: string }>
  /** Every line the plugin logged, unformatted, with its level. */
  logs: string[]
  /** The thrown error, when the plugin failed by throwing. */
  error?: unknown
  /** A metric by id; throws naming the ids there are, so a failed lookup explains itself. */
  metric(id: string): Metric
}

/**
 * Runs one plugin as `perfgate run` would: a real resolved config, the runner's timeout and abort
 * handling, output validation and report entries. For plugin authors' tests (as ESLint's RuleTester).
 */
export async function runPlugin(plugin: PerfgatePlugin, options: RunPluginOptions): Promise<PluginRun> {
  const cwd = resolve(options.cwd)
  const config = await resolveConfig(
    {
      plugins: [plugin],
      outDir: options.outDir ?? mkdtempSync(join(tmpdir(), 'perfgate-plugin-')),
      ...(options.timeout ? { timeout: options.timeout } : {}),
    },
    { root: cwd, configFile: null },
  )
  const logger = createMemoryLogger()
  const shard = options.shard ?? { index: 1, total: 1 }
  const outDir = join(config.outDir, plugin.name.replace(/^perfgate:/, '').replace(/[^a-zA-Z0-9._-]+/g, '-'))
  const units =
    options.units ?? (plugin.units ? await plugin.units({ cwd, outDir, logger, shard }) : undefined)
  const execution = await executePlugin(plugin, {
    timeout: config.timeout,
    cwd,
    outDir,
    logger,
    progress: { update: () => {} },
    shard,
    units,
    side: options.side,
    signal: options.signal ?? new AbortController().signal,
  })
  const entries = toReportEntries(
    plugin.name,
    execution.output,
    { pluginOutDir: outDir, outDir: config.outDir },
    plugin.meta,
  )
  return {
    result: execution.result,
    metrics: entries.metrics,
    findings: entries.findings,
    artifacts: entries.artifacts,
    logs: logger.lines,
    error: execution.error,
    metric(id) {
      const found = entries.metrics.find((m) => m.id === id)
      if (!found)
        throw new Error(
          `No metric "${id}"; the plugin reported: ${entries.metrics.map((m) => m.id).join(', ') || '(none)'}`,
        )
      return found
    },
  }
}

/** A context for calling a plugin's `collect()` directly in a unit test; every field can be overridden. */
export function createPluginContext(
  fields: Pick<PluginContext, 'cwd' | 'outDir'> & Partial<PluginContext>,
): PluginContext & { logger: ReturnType<typeof createMemoryLogger> } {
  return {
    logger: createMemoryLogger(),
    progress: { update: () => {} },
    signal: new AbortController().signal,
    deadline: Date.now() + 10 * 60_000,
    shard: { index: 1, total: 1 },
    side: 'head',
    track: () => {},
    // Kept resources live until the context's signal aborts (or for good, in a short test process).
    keep: new ResourceScope(fields.signal).keeper('test', fields.side ?? 'head'),
    ...fields,
  } as PluginContext & { logger: ReturnType<typeof createMemoryLogger> }
}
