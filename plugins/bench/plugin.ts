import { resolve } from 'node:path'
import { errorMessage } from '../../core/model/errors.js'
import type { FindingInput, MetricInput, PerfgatePlugin, PluginContext } from '../../core/model/types.js'
import { findBenchFiles } from './files.js'
import { runHttpScenarios } from './http.js'
import { importResults } from './imports.js'
import { runMicroBenchmarks } from './micro.js'
import { type BenchOptions, type ResolvedBenchOptions, resolveBenchOptions } from './options.js'
import { fileSlugs } from './slug.js'

const PLUGIN = 'perfgate:bench'

/**
 * Micro-benchmarks (tinybench files, each run in fresh processes), HTTP load scenarios (autocannon against
 * a server it starts and always stops) and imported results of existing suites. Every timing metric has
 * one sample per process or load run, so core's statistics can judge it.
 */
export function benchPlugin(options: BenchOptions = {}): PerfgatePlugin {
  const resolved = resolveBenchOptions(options)
  return {
    name: PLUGIN,
    ...(resolved.timeout !== undefined ? { timeout: resolved.timeout } : {}),
    async units(ctx) {
      return [...(await discover(resolved, ctx.cwd)).all, ...otherUnits(resolved)]
    },
    async collect(ctx) {
      // Repeating disturbed runs is a bonus: it may use half the plugin's time, never the whole.
      const repeatUntil = Date.now() + (ctx.deadline - Date.now()) / 2
      const metrics: MetricInput[] = []
      const findings: FindingInput[] = []
      const wanted = ctx.units ? new Set(ctx.units) : null
      const take = (unit: string) => wanted === null || wanted.has(unit)

      for (const source of resolved.imports) {
        if (!take(`import:${source.file}`)) continue
        try {
          metrics.push(...(await importResults(source, ctx.cwd)))
        } catch (error) {
          findings.push({
            ruleId: 'bench/import-invalid',
            severity: 'error',
            file: source.file,
            message: errorMessage(error),
          })
        }
      }

      // Slugs come from every discovered file, so a shard names a file as an unsharded run would.
      const found = await discover(resolved, ctx.cwd)
      const files = found.all.filter(take).map((rel) => ({
        rel,
        abs: resolve(ctx.cwd, rel),
        slug: found.slugs.get(rel) as string,
      }))
      if (files.length > 0) {
        const micro = await runMicroBenchmarks(files, { ...resolved, repeatUntil }, ctx)
        metrics.push(...micro.metrics)
        findings.push(...micro.findings)
      }

      if (resolved.http) {
        const scenarios = resolved.http.scenarios.filter((s) => take(`http:${s.name}`))
        const http = await runHttpScenarios(resolved.http, scenarios, ctx)
        metrics.push(...http.metrics)
        findings.push(...http.findings)
      }

      if (metrics.length === 0 && findings.length === 0 && wanted === null) noWork(resolved, ctx, findings)
      return { metrics, findings }
    },
  }
}

async function discover(options: ResolvedBenchOptions, cwd: string) {
  const all = await findBenchFiles(cwd, options.files, options.exclude)
  return { all, slugs: fileSlugs(all) }
}

function otherUnits(options: ResolvedBenchOptions): string[] {
  return [
    ...(options.http?.scenarios.map((s) => `http:${s.name}`) ?? []),
    ...options.imports.map((i) => `import:${i.file}`),
  ]
}

function noWork(options: ResolvedBenchOptions, ctx: Pick<PluginContext, 'cwd'>, findings: FindingInput[]) {
  findings.push({
    ruleId: 'bench/nothing-to-run',
    severity: 'info',
    message: `No bench files match ${options.files.join(', ') || '(none)'} under ${ctx.cwd}, and no HTTP scenarios or imports are configured.`,
    help: 'Add a `*.bench.ts` file, or set `files`, `http` or `imports` in benchPlugin().',
  })
}
