import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArtifactInput, FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import { accessibilityFindings, pageFindings } from './findings.js'
import {
  flowMetrics,
  representativeFlowRun,
  stepRuntimeError,
  stepsWithoutInteraction,
} from './flow-metrics.js'
import { type FlowRun, FlowStepError, type PlannedFlow, runFlow } from './flows.js'
import type { Browser, MeasureOptions } from './plugin.js'
import { loadLighthouse } from './run.js'

/** One flow across the runs of a call: its runs, or why it failed (then it runs no more). */
export interface FlowState {
  planned: PlannedFlow
  runs: FlowRun[]
  failure: string | null
}

/** Times a run of a flow is tried again after Lighthouse or Chrome (not the flow's own code) failed it. */
const FLOW_RETRIES = 1

/**
 * One run of a flow in the browser's tab (after `beforeEach`, with the flow's first URL). A step that
 * fails — a missing selector, an interaction that threw, a page Lighthouse could not load — fails this
 * flow alone: its message names the flow, the step, the page URL and the reason. A run Lighthouse or
 * Chrome failed (a page that did not paint on a busy machine), or in which Lighthouse saw no interaction,
 * is tried once more in a fresh Chrome; an interaction that threw is the flow's own and is not.
 */
export async function measureFlow(
  state: FlowState,
  round: number,
  browser: Browser,
  options: MeasureOptions,
  ctx: PluginContext,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const failure = await tryFlow(state, round, browser, options, ctx, attempt < FLOW_RETRIES)
    if (failure === null) return
    if (failure.interaction || attempt >= FLOW_RETRIES) {
      state.failure = failure.message
      return
    }
    ctx.logger.warn(`Lighthouse ${failure.message}; trying the run again in a fresh Chrome.`)
    await browser.relaunch()
  }
}

/**
 * One try of a run: null when it ran, else why not and whether the flow's own interaction threw. With
 * `retry`, a run whose interaction Lighthouse did not see is not kept, to be tried again.
 */
async function tryFlow(
  state: FlowState,
  round: number,
  browser: Browser,
  options: MeasureOptions,
  ctx: PluginContext,
  retry: boolean,
): Promise<{ message: string; interaction: boolean } | null> {
  try {
    const session = await browser.freshSession()
    const first = state.planned.steps[0]?.url ?? ''
    if (options.beforeEach) await options.beforeEach(session.page, first)
    const run = await runFlow(state.planned, session.page, options, options.metricsOnly)
    const error = stepRuntimeError(run)
    if (error)
      return { message: `flow "${state.planned.flow.name}", ${error} (run ${round})`, interaction: false }
    const unseen = stepsWithoutInteraction(state.planned, run)
    if (unseen.length > 0) {
      const message = `flow "${state.planned.flow.name}": no interaction recorded in step ${unseen.join(', ')} (run ${round}), so no INP`
      // Chrome can miss a fast interaction's paint on a busy machine: one more try, then keep the run.
      if (retry) return { message, interaction: false }
      ctx.logger.warn(`Lighthouse ${message}; make the step click, tap or type on the page.`)
    }
    state.runs.push(run)
    return null
  } catch (error) {
    ctx.signal.throwIfAborted()
    if (error instanceof PerfgateError && error.code !== 'PLUGIN_FAILED') throw error
    const interaction = error instanceof FlowStepError && error.interaction
    // A Lighthouse or Chrome failure may leave the tab mid-trace: the next page or flow gets a fresh one.
    if (!interaction) await browser.relaunch()
    return {
      message:
        error instanceof FlowStepError
          ? `${error.message} (run ${round})`
          : `flow "${state.planned.flow.name}": run ${round} failed: ${errorMessage(error)}`,
      interaction,
    }
  }
}

/** `full`: a round that ran every audit of `categories` (not a metrics-only A/B round). */
export function flowMetricsOf(state: FlowState, full: boolean): MetricInput[] {
  if (state.failure !== null || state.runs.length === 0) return []
  return flowMetrics(state.planned, state.runs, representativeFlowRun(state.runs), full)
}

/**
 * The flow's failure (an error naming the flow, the step, the page URL and the reason) and, from a full
 * round, the failed audits of its representative run's steps with their savings.
 */
export function flowFindings(state: FlowState, full: boolean): FindingInput[] {
  const name = state.planned.flow.name
  if (state.failure !== null)
    return [
      {
        ruleId: 'lighthouse/flow-failed',
        severity: 'error',
        message: `Lighthouse flow failed: ${state.failure}.`,
        help: "Check the step in a browser: that its selectors exist on that page and its interaction runs; the flow's metrics are missing from this run.",
      },
    ]
  if (!full || state.runs.length === 0) return []
  const run = state.runs[representativeFlowRun(state.runs)]
  return run.steps.flatMap((step, i) => {
    const lhr = run.result.steps[i]?.lhr
    if (!lhr) return []
    const where = `flow ${name} › ${step.label}`
    return [...pageFindings(lhr, where), ...accessibilityFindings(lhr, where)]
  })
}

/** The representative run's flow report (`<flow>.flow.html`, Lighthouse's own) and its JSON. */
export async function writeFlowReport(state: FlowState, outDir: string): Promise<ArtifactInput[]> {
  const run = state.runs[representativeFlowRun(state.runs)]
  const lighthouse = await loadLighthouse()
  const html = `${state.planned.slug}.flow.html`
  const json = `${state.planned.slug}.flow.json`
  await writeFile(join(outDir, html), lighthouse.generateReport(run.result, 'html'))
  await writeFile(join(outDir, json), JSON.stringify(run.result))
  return [
    { kind: 'html-report', path: html },
    { kind: 'json', path: json },
  ]
}
