import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type {
  ArtifactInput,
  FindingInput,
  MetricInput,
  PluginContext,
  PluginOutput,
} from '../../core/model/types.js'
import {
  definePlugin,
  docsUrl,
  errorMessage,
  keepAcrossRounds,
  PerfgateError,
} from '../../core/toolkit/index.js'
import { startServerCommand } from '../../core/toolkit/server-command.js'
import { serveStatic } from '../../core/toolkit/static-server.js'
import { breakdownsOf, type RunBreakdowns } from './breakdowns.js'
import { findChrome, launchChrome, type RunningChrome } from './chrome.js'
import { accessibilityFindings, lighthouseRules, pageFindings } from './findings.js'
import { type FlowState, flowFindings, flowMetricsOf, measureFlow, writeFlowReport } from './flow-state.js'
import { planFlows } from './flows.js'
import {
  categoryMetrics,
  figuresOf,
  pageMetrics,
  type RunFigures,
  representativeIndex,
  savingsMetric,
} from './metrics.js'
import { lighthouseOptionsSchema, type ResolvedLighthouseOptions } from './options.js'
import { checkReachable, FLOW_UNIT, listUnits, pageSlugs } from './pages.js'
import { loadLighthouse, openPage, type PageSession, type RunOutput, runLighthouse } from './run.js'
import { type LighthouseWorker, startLighthouseWorker } from './worker.js'

/** Relaunches of Chrome allowed per run after a crash. */
const MAX_RETRIES = 2

interface PageState {
  page: string
  url: string
  slug: string
  runs: RunOutput[]
  figures: RunFigures[]
  /** Per run, what its figures are made of. */
  breakdowns: RunBreakdowns[]
  failure: string | null
}

/** Lab Core Web Vitals from real headless Chrome: one sample per run and page, reports of the median run. */
export const lighthousePlugin = definePlugin({
  meta: { name: 'perfgate:lighthouse', docs: docsUrl('lighthouse.md'), rules: lighthouseRules() },
  schema: lighthouseOptionsSchema,
  create(options) {
    return {
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      // A/B runs call collect() once per side and round, with `ctx.samples` runs per page on one Chrome.
      sampled: true,
      units: (ctx) => listUnits(options, ctx.cwd),
      collect: (ctx) => collect(options, ctx),
    }
  },
})

/** What an A/B side keeps across its rounds besides Chrome and the server: its full-report run. */
interface SideState {
  /** The reports and findings of the side's first round, the one full Lighthouse run. */
  full: { artifacts: ArtifactInput[]; findings: FindingInput[] } | null
}

async function collect(options: ResolvedLighthouseOptions, ctx: PluginContext): Promise<PluginOutput> {
  const units = ctx.units ?? (await listUnits(options, ctx.cwd))
  // A shard runs the pages and the flows (`flow:<name>`) it was given.
  const pages = units.filter((unit) => !unit.startsWith(FLOW_UNIT))
  const flowNames = new Set(
    units.filter((u) => u.startsWith(FLOW_UNIT)).map((u) => u.slice(FLOW_UNIT.length)),
  )
  if (ctx.samples !== undefined) options = { ...options, runs: ctx.samples }
  const chromePath = await findChrome(options.chromePath)
  const cleanups: Array<() => Promise<void>> = []
  try {
    // An A/B side's first round runs every audit (the reports, the findings); later rounds only the
    // metrics' audits, on the same Chrome and server.
    const side = await keepAcrossRounds<SideState>(
      ctx,
      'side',
      async () => ({ value: { full: null }, dispose: () => {} }),
      cleanups,
    )
    const metricsOnly = side.full !== null
    const origin = await startOrigin(options, ctx, cleanups)
    const slugs = pageSlugs(pages)
    // A later A/B round measures only the pages and flows with a timing metric still undecided.
    const needed = (slug: string) => ctx.undecided?.some((id) => id.startsWith(`lighthouse/${slug}/`)) ?? true
    const states: PageState[] = pages
      .map((page, i) => ({
        page,
        url: /^https?:\/\//i.test(page) ? page : new URL(page, origin ?? undefined).href,
        slug: slugs[i],
        runs: [],
        figures: [],
        breakdowns: [],
        failure: null,
      }))
      .filter((state) => needed(state.slug))
    for (const state of states) state.failure = await checkReachable(state.url, ctx.signal)
    const flows: FlowState[] = planFlows(options.flows, origin)
      .filter((planned) => flowNames.has(planned.flow.name) && needed(planned.slug))
      .map((planned) => ({ planned, runs: [], failure: null }))
    const benchmarkIndex: number[] = []
    if (states.some((s) => s.failure === null) || flows.length > 0) {
      if (options.beforeEach || flows.length > 0) await loadLighthouse()
      const browser = await keepAcrossRounds(
        ctx,
        'chrome',
        async (kept) => {
          const browser = new Browser(chromePath, options, { ...kept, logger: ctx.logger })
          return { value: browser, dispose: () => browser.close() }
        },
        cleanups,
      )
      await measure(states, flows, browser, { ...options, metricsOnly }, ctx, benchmarkIndex)
    }
    if (side.full) return await report(states, flows, benchmarkIndex, ctx, side.full)
    const output = await report(states, flows, benchmarkIndex, ctx, null)
    side.full = { artifacts: output.artifacts ?? [], findings: output.findings ?? [] }
    return output
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  }
}

/** The origin paths are resolved against: the served folder, the started server, or none. */
async function startOrigin(
  options: ResolvedLighthouseOptions,
  ctx: PluginContext,
  cleanups: Array<() => Promise<void>>,
): Promise<string | null> {
  if (options.staticDistDir !== undefined) {
    const root = resolve(ctx.cwd, options.staticDistDir)
    return keepAcrossRounds(
      ctx,
      'origin',
      async () => {
        const server = await serveStatic(root, { spa: options.spa })
        return { value: server.origin, dispose: () => server.close() }
      },
      cleanups,
    )
  }
  if (options.startServerCommand !== undefined) {
    // The project's own server starts afresh every round, unlike Chrome and the static server: a process
    // keeps its own speed for its life, and kept through an A/B run that offset would read as the change.
    const server = await startServerCommand(
      {
        command: options.startServerCommand,
        // Only `readyPattern` given: the output alone says the server is ready.
        readyPath: options.readyUrl ?? (options.readyPattern ? null : '/'),
        readyPattern: options.readyPattern,
        timeout: options.serverTimeout,
        timeoutOption: 'serverTimeout',
        readyOption: 'readyUrl',
        label: 'The server command',
      },
      { cwd: ctx.cwd, signal: ctx.signal, track: ctx.track },
    )
    cleanups.push(() => server.stop())
    return server.origin
  }
  return null
}

/**
 * Rounds of runs, pages and flows interleaved (home, about, checkout flow, home, about …) so a slow moment
 * hits no page alone.
 */
async function measure(
  states: PageState[],
  flows: FlowState[],
  browser: Browser,
  options: MeasureOptions,
  ctx: PluginContext,
  benchmarkIndex: number[],
): Promise<void> {
  for (let round = 1; round <= options.runs; round++) {
    for (const state of states) {
      if (state.failure !== null) continue
      ctx.signal.throwIfAborted()
      ctx.progress.update(`run ${round}/${options.runs} · ${state.page}`)
      const run = await runWithRetries(state, round, browser, options, ctx)
      if (!run) continue
      if (run.lhr.runtimeError) {
        state.failure = `${state.url}: ${run.lhr.runtimeError.message ?? run.lhr.runtimeError.code}`
        continue
      }
      state.runs.push(run)
      state.figures.push(figuresOf(run.lhr))
      state.breakdowns.push(breakdownsOf(run.lhr))
      const index = run.lhr.environment.benchmarkIndex
      if (Number.isFinite(index)) benchmarkIndex.push(index)
    }
    for (const flow of flows) {
      if (flow.failure !== null) continue
      ctx.signal.throwIfAborted()
      ctx.progress.update(`run ${round}/${options.runs} · flow ${flow.planned.flow.name}`)
      await measureFlow(flow, round, browser, options, ctx)
    }
  }
}

export type MeasureOptions = ResolvedLighthouseOptions & { metricsOnly: boolean }

async function runWithRetries(
  state: PageState,
  round: number,
  browser: Browser,
  options: MeasureOptions,
  ctx: PluginContext,
): Promise<RunOutput | null> {
  for (let attempt = 0; ; attempt++) {
    // A Chrome that cannot start is not a crash: no retry.
    const chrome = await browser.get()
    try {
      const session = await browser.session()
      if (session && options.beforeEach) await options.beforeEach(session.page, state.url)
      const target = session ? { page: session.page } : { worker: browser.worker() }
      return await runLighthouse(state.url, chrome.port, options, target, options.metricsOnly)
    } catch (error) {
      ctx.signal.throwIfAborted()
      if (error instanceof PerfgateError && error.code !== 'PLUGIN_FAILED') throw error
      if (attempt >= MAX_RETRIES) {
        state.failure = `${state.url}: run ${round} failed ${attempt + 1} times; last error: ${errorMessage(error)}`
        await browser.relaunch()
        return null
      }
      ctx.logger.warn(
        `Chrome failed during run ${round} of ${state.url} (${errorMessage(error)}); relaunching it and retrying (retry ${attempt + 1} of ${MAX_RETRIES}).`,
      )
      await browser.relaunch()
    }
  }
}

/** One Chrome reused across runs, relaunched after a crash, killed on abort and at the end. */
export class Browser {
  private chrome: Promise<RunningChrome> | null = null
  private pageSession: Promise<PageSession> | null = null
  private lighthouse: LighthouseWorker | null = null
  private stopping: Promise<void> = Promise.resolve()
  private readonly onAbort = () => void this.close()

  /** `ctx`: the signal and `track` of Chrome's lifetime (the call's, or a kept resource's). */
  constructor(
    private readonly chromePath: string,
    private readonly options: ResolvedLighthouseOptions,
    private readonly ctx: Pick<PluginContext, 'signal' | 'track' | 'logger'>,
  ) {
    ctx.signal.addEventListener('abort', this.onAbort, { once: true })
  }

  get(): Promise<RunningChrome> {
    this.ctx.signal.throwIfAborted()
    this.chrome ??= launchChrome(this.chromePath, this.options.chromeFlags, this.ctx)
    return this.chrome
  }

  /** A puppeteer tab for `beforeEach` and flows (`always`); null when there is none. */
  async session(always = false): Promise<PageSession | null> {
    if (!this.options.beforeEach && !always) return null
    const chrome = await this.get()
    this.pageSession ??= openPage(chrome.port)
    return this.pageSession
  }

  /**
   * A new tab for a run that must start clean (a flow's): the previous one is closed. A flow's tab kept
   * from an earlier run, with page runs' tabs opened since, did not paint its next navigation (NO_FCP).
   */
  async freshSession(): Promise<PageSession> {
    const previous = this.pageSession
    this.pageSession = null
    await (await previous?.catch(() => null))?.close()
    return (await this.session(true)) as PageSession
  }

  /** The Lighthouse thread, started once and reused across runs. */
  worker(): LighthouseWorker {
    this.lighthouse ??= startLighthouseWorker()
    return this.lighthouse
  }

  async relaunch(): Promise<void> {
    await this.stop()
  }

  async close(): Promise<void> {
    this.ctx.signal.removeEventListener('abort', this.onAbort)
    await this.stop()
  }

  /** Chained, so that a second caller (abort, then the finally) waits until Chrome is really gone. */
  private stop(): Promise<void> {
    const chrome = this.chrome
    const session = this.pageSession
    const worker = this.lighthouse
    this.chrome = null
    this.pageSession = null
    this.lighthouse = null
    this.stopping = this.stopping.then(async () => {
      await (await session?.catch(() => null))?.close()
      await Promise.all([worker?.terminate(), (await chrome?.catch(() => null))?.kill()])
    })
    return this.stopping
  }
}

/** `full`: the side's first-round reports and findings, for a metrics-only round (written then). */
async function report(
  states: PageState[],
  flows: FlowState[],
  benchmarkIndex: number[],
  ctx: PluginContext,
  full: { artifacts: ArtifactInput[]; findings: FindingInput[] } | null,
): Promise<PluginOutput> {
  const metrics: MetricInput[] = []
  const findings: FindingInput[] = []
  const artifacts: ArtifactInput[] = []
  for (const state of states) {
    if (state.failure !== null) {
      ctx.logger.error(`Lighthouse could not audit ${state.page}: ${state.failure}`)
      findings.push({
        ruleId: 'lighthouse/page-failed',
        severity: 'error',
        message: `Lighthouse could not audit ${state.page}: ${state.failure}.`,
        help: 'Check that the page loads in a browser; its metrics are missing from this run.',
      })
      continue
    }
    metrics.push(...pageMetrics(state.slug, state.page, state.figures, state.breakdowns))
    if (full) continue
    const chosen = state.runs[representativeIndex(state.figures)]
    const html = `${state.slug}.report.html`
    const json = `${state.slug}.report.json`
    await writeFile(join(ctx.outDir, html), chosen.html)
    await writeFile(join(ctx.outDir, json), chosen.json)
    artifacts.push({ kind: 'html-report', path: html }, { kind: 'json', path: json })
    // Scored on the side's full run alone: a metrics-only A/B round runs none of these categories.
    metrics.push(...categoryMetrics(state.slug, state.page, chosen.lhr))
    const savings = savingsMetric(state.slug, state.page, chosen.lhr)
    if (savings) metrics.push(savings)
    findings.push(...pageFindings(chosen.lhr, state.page), ...accessibilityFindings(chosen.lhr, state.page))
  }
  for (const flow of flows) {
    metrics.push(...flowMetricsOf(flow, full === null))
    findings.push(...flowFindings(flow, full === null))
    if (!full && flow.failure === null && flow.runs.length > 0)
      artifacts.push(...(await writeFlowReport(flow, ctx.outDir)))
    if (flow.failure !== null) ctx.logger.error(`Lighthouse flow failed: ${flow.failure}`)
  }
  const failed = [
    ...states.filter((s) => s.failure !== null),
    ...flows.filter((f) => f.failure !== null),
  ] as Array<{ failure: string }>
  const total = states.length + flows.length
  if (failed.length === total)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      `Lighthouse could not audit any page${flows.length > 0 ? ' or flow' : ''}:\n${failed.map((s) => `  ${s.failure}`).join('\n')}`,
      { hint: "Check that the server serves these pages (2xx) on this machine, and each flow's selectors." },
    )
  if (benchmarkIndex.length > 0)
    metrics.push({
      id: 'lighthouse/benchmark-index',
      title: 'Lighthouse benchmarkIndex of this machine',
      unit: 'none',
      better: 'higher',
      samples: benchmarkIndex,
      // The machine's speed, not the project's: it tells runs apart, it gets no verdict.
      role: 'context',
    })
  // The reports stay the first round's; its findings are reported once, by that round.
  if (full) artifacts.push(...full.artifacts)
  // Some pages or flows failed: the plugin fails (exit 3) but keeps the others' metrics.
  if (failed.length > 0) {
    const what = flows.length > 0 ? 'pages and flows' : 'pages'
    return {
      metrics,
      findings,
      artifacts,
      error: `${failed.length} of ${total} ${what} failed: ${failed.map((s) => s.failure).join('; ')}`,
    }
  }
  return { metrics, findings, artifacts }
}
