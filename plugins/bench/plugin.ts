import { resolve } from 'node:path'
import type { FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import type { ProfileSummary } from '../../core/toolkit/cpu-profile.js'
import { definePlugin, docsUrl, errorMessage } from '../../core/toolkit/index.js'
import { slugify } from '../../core/toolkit/slug.js'
import { fileSlugs } from './file-slugs.js'
import { findBenchFiles } from './files.js'
import { runHttpScenarios } from './http.js'
import { profileServer } from './http-profile.js'
import { importResults } from './imports.js'
import { runMicroBenchmarks } from './micro.js'
import { benchOptionsSchema, type ResolvedBenchOptions } from './options.js'
import type { RunnerTask } from './protocol.js'
import { withServerBreakdowns } from './server-profile.js'

/**
 * Micro-benchmarks (tinybench files, each run in fresh processes), HTTP load scenarios (autocannon against
 * a server it starts and always stops) and imported results of existing suites. Every timing metric has
 * one sample per process or load run, so core's statistics can judge it.
 */
export const benchPlugin = definePlugin({
  meta: {
    name: 'perfgate:bench',
    docs: docsUrl('bench.md'),
    rules: {
      'bench/task-failed': {
        description: 'A task threw; its metrics are left out, the other tasks still report.',
      },
      'bench/import-failed': { description: 'A bench file threw while it was imported.' },
      'bench/setup-failed': { description: 'A bench file exports no tasks, or threw while adding them.' },
      'bench/process-failed': { description: 'A bench process died without writing a result.' },
      'bench/disturbed-runs': {
        description: 'Runs slowed as a whole by a busy machine were measured again.',
      },
      'bench/timer-saturation': { description: 'A task is too fast to time one call at a time.' },
      'bench/unstable': { description: "A task's relative margin of error exceeds `maxRme`." },
      'bench/http-errors': {
        description: 'An HTTP scenario had failed requests (unexpected statuses, timeouts, errors).',
      },
      'bench/import-invalid': {
        description: 'An imported results file is missing or not in the stated format.',
      },
      'bench/nothing-to-run': {
        description: 'No bench file matched and no HTTP scenario or import is configured.',
      },
    },
  },
  schema: benchOptionsSchema,
  create(options) {
    // Each side's kept runs across the calls of one run, so that an A/B round's single process per
    // file can be told disturbed against that side's processes before it.
    const history = { head: new Map<string, RunnerTask[][]>(), base: new Map<string, RunnerTask[][]>() }
    // The sides whose HTTP server was profiled: once a side, in its first call (an A/B run's first round).
    const profiled = new Set<PluginContext['side']>()
    return {
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      // A/B runs call collect() once per side and round, with `ctx.samples` runs per file and scenario.
      sampled: true,
      async units(ctx) {
        return [...(await discover(options, ctx.cwd)).all, ...otherUnits(options)]
      },
      collect: (ctx) => collect(options, ctx, history[ctx.side], profiled),
    }
  },
})

async function collect(
  options: ResolvedBenchOptions,
  ctx: PluginContext,
  history: Map<string, RunnerTask[][]>,
  profiled: Set<PluginContext['side']>,
) {
  // Repeating disturbed runs is a bonus: it may use half the plugin's remaining time, never the whole.
  const repeatUntil = Date.now() + (ctx.deadline - Date.now()) / 2
  const metrics: MetricInput[] = []
  const findings: FindingInput[] = []
  const wanted = ctx.units ? new Set(ctx.units) : null
  const take = (unit: string) => wanted === null || wanted.has(unit)
  // A later A/B round measures only the files and scenarios with a timing metric still undecided.
  const needed = (prefix: string) => ctx.undecided?.some((id) => id.startsWith(`${prefix}/`)) ?? true

  for (const source of options.imports) {
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
  const found = await discover(options, ctx.cwd)
  const files = found.all
    .filter(take)
    .map((rel) => ({ rel, abs: resolve(ctx.cwd, rel), slug: found.slugs.get(rel) as string }))
    .filter((file) => needed(`bench/${file.slug}`))
  if (files.length > 0) {
    const runs = ctx.samples ?? options.runs
    const micro = await runMicroBenchmarks(files, { ...options, runs, repeatUntil, history }, ctx)
    metrics.push(...micro.metrics)
    findings.push(...micro.findings)
  }

  if (options.http) {
    const scenarios = options.http.scenarios.filter(
      (s) => take(`http:${s.name}`) && needed(`bench/http/${slugify(s.name)}`),
    )
    const http = await runHttpScenarios(
      { ...options.http, runs: ctx.samples ?? options.http.runs },
      scenarios,
      ctx,
    )
    // Where the server's time went: once a side, in its first call (an A/B run's first round).
    const profiles =
      options.profileTime !== false && !profiled.has(ctx.side)
        ? await profileServer(options.http, scenarios, ctx)
        : new Map<string, ProfileSummary>()
    profiled.add(ctx.side)
    const httpMetrics = withServerBreakdowns(http.metrics, profiles)
    metrics.push(...httpMetrics)
    findings.push(...http.findings)
  }

  if (metrics.length === 0 && findings.length === 0 && wanted === null && !ctx.undecided)
    findings.push(nothingToRun(options, ctx))
  return { metrics, findings }
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

function nothingToRun(options: ResolvedBenchOptions, ctx: Pick<PluginContext, 'cwd'>): FindingInput {
  return {
    ruleId: 'bench/nothing-to-run',
    severity: 'info',
    message: `No bench files match ${options.files.join(', ') || '(none)'} under ${ctx.cwd}, and no HTTP scenarios or imports are configured.`,
    help: 'Add a `*.bench.ts` file, or set `files`, `http` or `imports` in benchPlugin().',
  }
}
