import { access, constants } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { judge } from '../compare/judge.js'
import { EXIT, exitCodeFor } from '../compare/summary.js'
import { loadConfig } from '../config/load.js'
import { type Registry, resolveConfig } from '../config/resolve.js'
import type { FailOn, ResolvedConfig, UserConfig } from '../config/types.js'
import { append } from '../model/arrays.js'
import { errorMessage, PerfgateError } from '../model/errors.js'
import type { Finding, Logger, PerfgatePlugin, PluginResult, RunReport, ShardInfo } from '../model/types.js'
import { toolVersion } from '../model/version.js'
import { createLogger } from '../report/logger.js'
import { mkdirp } from '../report/mkdirp.js'
import { addConfigSecrets, redactReport } from '../security/index.js'
import { activeRedactor } from '../security/redact.js'
import { redactError } from '../security/report.js'
import { type AbOutcome, runAbRounds } from './ab.js'
import type { AbBase } from './ab-checkout.js'
import { abFindings, baseSideFindings, markOutOfTime } from './ab-report.js'
import { prepareBaseline } from './baseline.js'
import { type Execution, executePlugin } from './execute.js'
import { toReportEntries } from './metrics.js'
import { guardedCall } from './plugin-guard.js'
import { createRunProgress } from './progress.js'
import { checkPartialSave, type SaveCheckOptions, warnIfDirty } from './save-checks.js'
import { parseShard, planShards } from './shard.js'
import { lostPluginError, lostPlugins } from './supervision.js'

export interface RunOptions extends SaveCheckOptions {
  cwd?: string
  /** A config file path, or an inline config (then no file is read). */
  config?: string | UserConfig
  /** Plugin names to run (`host` or `perfgate:host`). */
  only?: string[]
  outDir?: string
  /** Ref to compare against (else baseline.base, GITHUB_BASE_REF, the remote's default branch). */
  base?: string
  /** Overrides the config's `failOn`. */
  failOn?: FailOn
  /** Compare with the stored baseline (default true). */
  compare?: boolean
  saveBaseline?: boolean
  shard?: ShardInfo | string
  logger?: Logger
  /** Spinner on a terminal; default: only when interactive and not CI. */
  progress?: boolean
  /** Abort (Ctrl-C): the running plugin is stopped, the rest skipped, and a partial report written. */
  signal?: AbortSignal
  /** Write report.json and report.md (default true). */
  write?: boolean
  /** Built-in plugins and presets for configs that name them; the CLI passes its own. */
  registry?: Registry
  /** Fail (exit 3) when the stored baseline cannot be read, whatever `baseline.required` says. */
  requireBaseline?: boolean
  /**
   * Same-job A/B: `sampled` plugins measure the base too, in this job (`--ab-dir DIR`, or `--ab [REF]`:
   * a temporary checkout of REF, default the merge-base with the base branch, built with `ab.build`).
   */
  ab?: { dir: string } | { ref: string | null }
}

export interface RunResult {
  report: RunReport
  exitCode: number
  config: ResolvedConfig
  files: { json: string; markdown: string } | null
  /** Errors thrown by failed plugins, for `--debug`. */
  errors: Array<{ plugin: string; error: unknown }>
}

/** Measures, compares and reports: the whole of `perfgate run`. */
export async function run(options: RunOptions = {}): Promise<RunResult> {
  const cwd = resolve(options.cwd ?? process.cwd())
  const logger = options.logger ?? createLogger()
  const signal = options.signal ?? new AbortController().signal
  const shard =
    typeof options.shard === 'string' ? parseShard(options.shard) : (options.shard ?? { index: 1, total: 1 })
  const overrides: Partial<UserConfig> = {
    ...(options.outDir ? { outDir: resolve(cwd, options.outDir) } : {}),
    ...(options.failOn ? { failOn: parseFailOn(options.failOn) } : {}),
  }
  const config =
    typeof options.config === 'object'
      ? await resolveConfig(
          { ...options.config, ...overrides },
          { root: cwd, configFile: null, registry: options.registry },
        )
      : await loadConfig({ cwd, configFile: options.config, overrides, registry: options.registry })
  // Secrets named in the config are masked (and announced to Actions) before anything else is printed.
  addConfigSecrets(config.redact)
  if (options.requireBaseline) config.baseline.required = true
  const plugins = selectPlugins(config.plugins, options.only)
  if (options.saveBaseline && !signal.aborted) {
    checkPartialSave(config.plugins, plugins, options) // before minutes of measuring, not after
    await warnIfDirty(config.root, config.outDir, logger)
  }
  if (options.write !== false) await ensureWritable(config.outDir)
  if (plugins.length === 0)
    throw new PerfgateError(
      'CONFIG_INVALID',
      `Nothing to measure: ${config.configFile ?? 'the config'} lists no plugins and no presets.`,
      {
        hint: 'Add a preset (presets: [spa()] or ["recommended"]) or plugins, or run `perfgate init` to write a starter config.',
      },
    )

  const [{ gitFacts }, { hostFingerprint }] = await Promise.all([
    import('../baseline/index.js'),
    import('../host/fingerprint.js'),
  ])
  const [git, host] = await Promise.all([gitFacts(config.root), hostFingerprint()])

  const results: PluginResult[] = []
  const errors: RunResult['errors'] = []
  const report: Omit<RunReport, 'summary'> = {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: toolVersion() },
    createdAt: new Date().toISOString(),
    commit: git.commit,
    branch: git.branch,
    baseCommit: null,
    host,
    ...(shard.total > 1 ? { shard } : {}),
    plugins: results,
    metrics: [],
    findings: [],
    artifacts: [],
  }

  // Lost by an earlier attempt of this run (it hung or ended perfgate): failed, never called again.
  for (const lost of lostPlugins()) {
    if (!plugins.some((p) => p.name === lost.plugin)) continue
    const error = lostPluginError(lost)
    logger.error(`${lost.plugin} failed: ${error.message}`)
    results.push({
      name: lost.plugin,
      status: 'failed',
      durationMs: 0,
      error: `${error.message} ${error.hint}`,
    })
    errors.push({ plugin: lost.plugin, error })
  }
  // Plugins resolve their paths against the config file's folder, wherever perfgate was started.
  const plan = await planUnits(plugins, config, config.root, logger, shard, results, errors)
  const progress = await createRunProgress(logger, options.progress)
  let abBase: AbBase | null = null
  let ab: AbOutcome | null = null
  // The base side's findings: a head warning it also reported in this job is not news (markKnownFindings).
  const abBaseFindings: Finding[] = []
  const sampled = options.ab ? plugins.filter((p) => p.sampled) : []
  if (options.ab && sampled.length === 0)
    logger.warn(
      'A/B: no configured plugin measures timings in rounds (bench, lighthouse); every metric is compared with the stored baseline.',
    )
  try {
    if (options.ab && sampled.length > 0 && !signal.aborted) {
      try {
        abBase = await prepareAbBase(options.ab, config, cwd, logger, signal, options.base)
      } catch (error) {
        // Interrupted while checking out or building: the plugins are skipped and a partial report written.
        if (!signal.aborted) throw error
      }
    }
    for (const plugin of plugins) {
      if (results.some((r) => r.name === plugin.name)) continue
      // A/B plugins are measured after the others, both sides in rounds.
      if (abBase && plugin.sampled && !signal.aborted && plan.get(plugin.name)?.length !== 0) continue
      const units = plan.get(plugin.name)
      if (signal.aborted || (units !== null && units?.length === 0)) {
        const reason = signal.aborted ? 'run interrupted' : `no work in shard ${shard.index}/${shard.total}`
        results.push({ name: plugin.name, status: 'skipped', durationMs: 0, error: reason })
        progress.finish(plugin.name, 'skipped', reason)
        continue
      }
      const outDir = join(config.outDir, shortName(plugin.name))
      const execution = await executePlugin(plugin, {
        timeout: config.timeout,
        cwd: config.root,
        outDir,
        logger: logger.child(shortName(plugin.name)),
        progress: progress.start(plugin.name),
        shard,
        units: units ?? undefined,
        signal,
      })
      results.push(execution.result)
      if (execution.error !== undefined) errors.push({ plugin: plugin.name, error: execution.error })
      const { status, durationMs, error } = execution.result
      progress.finish(
        plugin.name,
        status,
        status === 'ok' ? `${(durationMs / 1000).toFixed(1)} s` : (error ?? ''),
      )
      const entries = toReportEntries(
        plugin.name,
        execution.output,
        { pluginOutDir: outDir, outDir: config.outDir },
        plugin.meta,
      )
      const known = new Set(report.metrics.map((m) => m.id))
      for (const metric of entries.metrics) {
        if (known.has(metric.id))
          logger.warn(`${plugin.name}: metric "${metric.id}" already reported; ignored.`)
        else report.metrics.push(metric)
      }
      append(report.findings, entries.findings)
      append(report.artifacts, entries.artifacts)
    }
    if (abBase) {
      const abPlugins = sampled.filter((p) => !results.some((r) => r.name === p.name))
      logger.info(`A/B: head and base (${abBase.label}) measured in this job, interleaved`)
      const entriesOf = (plugin: PerfgatePlugin, output: Execution['output'], side: 'head' | 'base') =>
        toReportEntries(
          plugin.name,
          output,
          {
            pluginOutDir: join(
              config.outDir,
              ...(side === 'base' ? ['ab-base'] : []),
              shortName(plugin.name),
            ),
            outDir: config.outDir,
          },
          plugin.meta,
        )
      ab = await runAbRounds(abPlugins, {
        config,
        base: abBase,
        logger,
        progress,
        signal,
        shard,
        units: plan,
        skeleton: report,
        toMetrics: (plugin, output, side) => entriesOf(plugin, output, side).metrics,
      })
      for (const item of ab.plugins) {
        results.push(item.result)
        if (item.error !== undefined) errors.push({ plugin: item.plugin.name, error: item.error })
        const entries = entriesOf(item.plugin, item.head, 'head')
        const known = new Set(report.metrics.map((m) => m.id))
        append(
          report.metrics,
          entries.metrics.filter((m) => !known.has(m.id)),
        )
        append(report.findings, entries.findings)
        const baseFindings = entriesOf(item.plugin, item.base, 'base').findings
        report.findings.push(...baseSideFindings(entries.findings, baseFindings, abBase.label))
        append(abBaseFindings, baseFindings)
        append(report.artifacts, entries.artifacts)
      }
      append(report.findings, abFindings(ab, abBase))
    }
  } finally {
    progress.stop()
    await abBase?.dispose()
  }
  // Keep plugins in config order even when some failed while planning.
  report.plugins = plugins.map((p) => results.find((r) => r.name === p.name) as PluginResult)

  let baselineError: PerfgateError | null = null
  let usageError: PerfgateError | null = null
  let prepared: Awaited<ReturnType<typeof prepareBaseline>> = { current: report, baseline: null, history: [] }
  if (options.compare !== false && !signal.aborted) {
    try {
      prepared = await prepareBaseline(report, {
        config,
        plugins,
        logger,
        base: options.base,
        cwd: config.root,
      })
    } catch (error) {
      // An unknown base ref: the measurements are still written, then the run stops with exit 2.
      if (!(error instanceof PerfgateError)) throw error
      usageError = error
      logger.error(error.hint ? `${error.message}\n${error.hint}` : error.message)
    }
    if (prepared.failure && config.baseline.required) {
      // Shown as a failed step, so the headline reads Incomplete and the run exits 3.
      const failure = prepared.failure
      errors.push({ plugin: 'baseline', error: failure })
      prepared.current = {
        ...prepared.current,
        plugins: [
          ...prepared.current.plugins,
          {
            name: 'perfgate:baseline',
            status: 'failed',
            durationMs: 0,
            error: `${failure.message} (baseline.required is set)`,
          },
        ],
      }
    }
  }
  // units() errors and derive() output bypass the runner boundary: the whole report is redacted once more.
  const judged = judge(prepared.current, prepared.baseline, {
    budgets: config.budgets,
    failOn: config.failOn,
    compare: config.compare,
    history: prepared.history,
    // A push to the base branch (HEAD is its own merge-base) or a saved baseline reports every breach.
    everyBreach:
      options.saveBaseline === true ||
      (!!prepared.mergeBase && prepared.mergeBase === prepared.current.commit),
    ...(ab && abBase
      ? {
          sameJob: {
            metrics: ab.baseMetrics,
            commit: abBase.commit,
            sequential: { look: ab.look, plan: ab.plan },
            findings: abBaseFindings,
          },
        }
      : {}),
  })
  const final = redactReport(ab ? markOutOfTime(judged, ab) : judged)

  let files: RunResult['files'] = null
  if (options.write !== false) {
    const { writeReports } = await import('../report/index.js')
    files = await writeReports(final, config.outDir)
  }
  if (options.saveBaseline && !signal.aborted) {
    try {
      const { createBaselineStore } = await import('../baseline/index.js')
      const store = createBaselineStore(config, { logger, cwd })
      const saved = await store.save(final)
      logger.success(
        `Baseline saved for ${final.commit?.slice(0, 7)} (${store.describe()}: ${saved.paths.join(', ')})`,
      )
    } catch (error) {
      baselineError =
        error instanceof PerfgateError
          ? error
          : new PerfgateError('BASELINE', `Saving the baseline failed: ${errorMessage(error)}`, {
              cause: error,
            })
      errors.push({ plugin: 'baseline', error: baselineError })
      logger.error(
        baselineError.hint ? `${baselineError.message}\n${baselineError.hint}` : baselineError.message,
      )
    }
  }
  const nothing =
    final.metrics.length === 0 && final.findings.length === 0 && final.summary.errors === 0 && !signal.aborted
  if (nothing)
    logger.error(
      "Nothing was measured: every plugin finished without a metric or a finding, so there is nothing to gate. Check the plugins' options (folders, URLs, globs); --debug shows what each one did.",
    )
  const exitCode = signal.aborted
    ? EXIT.interrupted
    : usageError
      ? EXIT.usage
      : baselineError || nothing
        ? EXIT.error
        : exitCodeFor(final.summary)
  return { report: final, exitCode, config, files, errors }
}

async function prepareAbBase(
  ab: NonNullable<RunOptions['ab']>,
  config: ResolvedConfig,
  cwd: string,
  logger: Logger,
  signal: AbortSignal,
  base: string | undefined,
): Promise<AbBase> {
  const { abFromDir, abFromRef } = await import('./ab-checkout.js')
  if ('dir' in ab) return abFromDir(ab.dir, config, cwd, logger)
  return abFromRef(ab.ref, config, { logger, signal, ...(base ? { base } : {}) })
}

const FAIL_ON: FailOn[] = ['regression', 'budget', 'any', 'none']

function parseFailOn(value: string): FailOn {
  if (FAIL_ON.includes(value as FailOn)) return value as FailOn
  throw new PerfgateError('USAGE', `Invalid --fail-on "${value}": expected ${FAIL_ON.join(', ')}.`)
}

export function shortName(name: string): string {
  return name.replace(/^perfgate:/, '').replace(/[^a-zA-Z0-9._-]+/g, '-')
}

function selectPlugins(plugins: PerfgatePlugin[], only: string[] | undefined): PerfgatePlugin[] {
  if (!only || only.length === 0) return plugins
  const wanted = only.map((n) => (n.startsWith('perfgate:') ? n : `perfgate:${n}`))
  const unknown = wanted.filter((n) => !plugins.some((p) => p.name === n || p.name === n.slice(9)))
  if (unknown.length > 0)
    throw new PerfgateError(
      'USAGE',
      `--only names unknown plugin(s): ${unknown.map(shortName).join(', ')}.`,
      {
        hint: `Configured plugins: ${plugins.map((p) => shortName(p.name)).join(', ') || '(none)'}.`,
      },
    )
  return plugins.filter((p) => wanted.includes(p.name) || wanted.includes(`perfgate:${p.name}`))
}

async function ensureWritable(dir: string) {
  try {
    await mkdirp(dir)
    await access(dir, constants.W_OK)
  } catch (error) {
    throw new PerfgateError(
      'OUTPUT_UNWRITABLE',
      `Cannot write to the output folder ${dir}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Choose another folder with --out (or `outDir` in the config), or fix its permissions.',
      },
    )
  }
}

/** Asks plugins for their work units and deals them to shards; a plugin whose units() throws fails. */
async function planUnits(
  plugins: PerfgatePlugin[],
  config: ResolvedConfig,
  cwd: string,
  logger: Logger,
  shard: ShardInfo,
  results: PluginResult[],
  errors: RunResult['errors'],
): Promise<Map<string, string[] | null>> {
  const declared = []
  for (const plugin of plugins) {
    if (results.some((r) => r.name === plugin.name)) continue
    if (!plugin.units) {
      declared.push({ plugin: plugin.name, units: null })
      continue
    }
    // Called on the plugin, not detached from it: a plugin written with methods may use `this`.
    const listUnits = (ctx: Parameters<NonNullable<PerfgatePlugin['units']>>[0]) => plugin.units?.(ctx) ?? []
    try {
      const outDir = join(config.outDir, shortName(plugin.name))
      const units = await guardedCall(plugin.name, config.timeout, 'listing its work', () =>
        listUnits({ cwd, outDir, logger, shard }),
      )
      declared.push({ plugin: plugin.name, units: units.length > 0 ? units : null })
    } catch (error) {
      // Plugin text: redacted here as at the runner boundary (execute.ts).
      const message = activeRedactor().redact(errorMessage(error))
      logger.error(`${plugin.name} failed while listing its work: ${message}`)
      results.push({ name: plugin.name, status: 'failed', durationMs: 0, error: message })
      errors.push({ plugin: plugin.name, error: redactError(error, activeRedactor()) })
    }
  }
  return planShards(declared, shard).assigned
}
