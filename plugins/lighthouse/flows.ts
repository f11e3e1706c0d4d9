import type { Flags, FlowResult } from 'lighthouse'
import { errorMessage } from '../../core/toolkit/index.js'
import { slugify, uniqueSlugs } from '../../core/toolkit/slug.js'
import type { Flow, FlowStep, LighthousePage, ResolvedLighthouseOptions } from './options.js'
import { pageSlugs } from './pages.js'
import { loadLighthouse, METRIC_AUDITS } from './run.js'
import { compatConfig } from './trace-compat.js'

/** A flow's step as it runs: its kind, its name in metric ids, and (navigations) the URL. */
export interface PlannedStep {
  kind: 'navigate' | 'interact' | 'snapshot'
  /** The step's piece of its metric ids: `lighthouse/<flow>/<slug>/…`. */
  slug: string
  /** As the user wrote it (a path, or the step's name), for messages. */
  label: string
  url?: string
  step: FlowStep
}

export interface PlannedFlow {
  flow: Flow
  slug: string
  steps: PlannedStep[]
}

/** The timespan audits a metrics-only round needs: INP and its phases, TBT, CLS. */
export const TIMESPAN_AUDITS = [
  'interaction-to-next-paint',
  'work-during-interaction',
  'total-blocking-time',
  'cumulative-layout-shift',
]

/** The flows with their steps' slugs and URLs; a navigation is named after its path as pages are. */
export function planFlows(flows: Flow[], origin: string | null): PlannedFlow[] {
  const flowSlugs = uniqueSlugs(flows.map((flow) => flow.name))
  return flows.map((flow, f) => {
    const names = flow.steps.map((step) => {
      if ('navigate' in step) return step.name ?? `\0${step.navigate}`
      return 'interact' in step ? step.name : step.snapshot
    })
    // A navigation without a name gets its page name (`/` → `home`); named steps are slugified.
    const slugs = uniqueSlugs(names, (name) =>
      name.startsWith('\0') ? pageSlugs([name.slice(1)])[0] : slugify(name),
    )
    const steps = flow.steps.map((step, s): PlannedStep => {
      if ('navigate' in step) {
        const url = /^https?:\/\//i.test(step.navigate)
          ? step.navigate
          : new URL(step.navigate, origin ?? undefined).href
        return { kind: 'navigate', slug: slugs[s], label: step.name ?? step.navigate, url, step }
      }
      if ('interact' in step) return { kind: 'interact', slug: slugs[s], label: step.name, step }
      return { kind: 'snapshot', slug: slugs[s], label: step.snapshot, step }
    })
    return { flow, slug: flowSlugs[f], steps }
  })
}

/** A flow step that failed: which, where, and why (the selector or the thrown message). */
export class FlowStepError extends Error {
  constructor(
    readonly flow: string,
    readonly step: string,
    readonly url: string,
    readonly reason: string,
    /** The interaction threw (the flow's own code or a missing selector), not Lighthouse or Chrome. */
    readonly interaction: boolean,
  ) {
    super(`flow "${flow}", step "${step}" on ${url || 'no page yet'}: ${reason}`)
  }
}

export interface FlowRun {
  result: FlowResult
  /** The steps that ran, in order, matching `result.steps` (a metrics-only round skips snapshots). */
  steps: PlannedStep[]
}

/**
 * One run of a flow with Lighthouse's user-flow API on `page`. `metricsOnly`: an A/B round after the
 * side's first: only the metrics' audits, and no snapshots (their scores are exact, the first round's).
 */
export async function runFlow(
  planned: PlannedFlow,
  page: LighthousePage,
  options: ResolvedLighthouseOptions,
  metricsOnly: boolean,
): Promise<FlowRun> {
  const lighthouse = await loadLighthouse()
  const { default: Trace } = await import('lighthouse/core/gather/gatherers/trace.js')
  const config = compatConfig(
    lighthouse,
    Trace as unknown as Parameters<typeof compatConfig>[1],
    options.preset === 'desktop',
  ) as import('lighthouse').Config
  const categories = [...new Set(['performance' as const, ...options.categories])]
  const common: Flags = {
    logLevel: 'silent',
    // beforeEach sets cookies or logs in: Lighthouse must not wipe them.
    disableStorageReset: options.beforeEach !== undefined,
    ...(metricsOnly ? { disableFullPageScreenshot: true } : {}),
  }
  const flow = await lighthouse.startFlow(page, { name: planned.flow.name, config, flags: common })
  const ran: PlannedStep[] = []
  for (const step of planned.steps) {
    const flags: Flags & { name: string } = { name: step.slug }
    try {
      if (step.kind === 'navigate') {
        await flow.navigate(step.url as string, {
          ...flags,
          throttlingMethod: options.throttlingMethod,
          ...(metricsOnly ? { onlyAudits: METRIC_AUDITS } : { onlyCategories: categories }),
        })
      } else if (step.kind === 'interact') {
        await flow.startTimespan({
          ...flags,
          // Lantern cannot simulate an interaction: Lighthouse reports INP as not applicable under
          // `simulate`, so a timespan throttles in Chrome (DevTools' own choice for timespans).
          throttlingMethod: options.throttlingMethod === 'simulate' ? 'devtools' : options.throttlingMethod,
          ...(metricsOnly ? { onlyAudits: TIMESPAN_AUDITS } : { onlyCategories: categories }),
        })
        try {
          await (step.step as { interact: (page: LighthousePage) => unknown }).interact(page)
          await nextPaint(page)
        } catch (error) {
          throw new FlowStepError(planned.flow.name, step.label, pageUrl(page), errorMessage(error), true)
        } finally {
          // Ends the trace even when the interaction threw, so the tab is free for the next flow.
          await flow.endTimespan().catch(() => {})
        }
      } else {
        if (metricsOnly) continue
        await flow.snapshot({ ...flags, onlyCategories: categories })
      }
    } catch (error) {
      if (error instanceof FlowStepError) throw error
      throw new FlowStepError(planned.flow.name, step.label, pageUrl(page), errorMessage(error), false)
    }
    ran.push(step)
  }
  try {
    return { result: await flow.createFlowResult(), steps: ran }
  } catch (error) {
    throw new FlowStepError(planned.flow.name, 'audits', pageUrl(page), errorMessage(error), false)
  }
}

/**
 * Waits three frames after the interactions, each to its end (a task after its animation frame): Chrome
 * records an interaction (the trace event INP is read from) once its next paint is presented, which on a
 * busy machine can come a frame or two after that paint, and a timespan ended before it reads as no
 * interaction (seen once in CI with two frames).
 */
async function nextPaint(page: LighthousePage): Promise<void> {
  // A string: it runs in the page, where requestAnimationFrame exists. A navigation away is no error.
  await page
    .evaluate(
      'new Promise((done) => { const frame = (n) => n === 0 ? done() : requestAnimationFrame(() => setTimeout(() => frame(n - 1), 0)); frame(3) })',
    )
    .catch(() => {})
}

function pageUrl(page: LighthousePage): string {
  try {
    const url = page.url()
    return url === 'about:blank' ? '' : url
  } catch {
    return ''
  }
}
