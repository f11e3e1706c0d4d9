/**
 * Two gaps between Lighthouse 12.2.3 (the last that runs on Node 20) and current Chrome, closed in the
 * trace before any gatherer or audit reads it:
 * - Chrome renamed the `chrome_frame_reporter` argument of `PipelineReporter` events `frame_reporter`.
 *   Lighthouse's trace engine reads the old name and throws, and with it every gatherer and audit built
 *   on the engine: the LCP element and its phases, layout shifts (and their elements), render-blocking
 *   resources. The argument is copied to its old name.
 * - A module script's evaluation (`v8.evaluateModule`) names no script, so Lighthouse gives its work
 *   (a Vite app's whole start-up) to the page. Each gets a zero-length child naming the module, the
 *   first module compiled since the thread's previous evaluation (the graph's root in the usual order).
 *
 * `compatTraceGatherer` is written without closures or imports: the worker thread gets its source text.
 */

interface TraceEvent {
  name: string
  cat?: string
  ph?: string
  pid?: number
  tid?: number
  ts: number
  dur?: number
  args?: Record<string, unknown> & { data?: Record<string, unknown>; fileName?: string }
}

type TraceGathererClass = new (
  ...args: never[]
) => {
  getArtifact(context: unknown): { traceEvents: TraceEvent[] } | Promise<{ traceEvents: TraceEvent[] }>
}

/** Lighthouse's `Trace` gatherer with the trace made readable (see above). */
export function compatTraceGatherer<T extends TraceGathererClass>(Trace: T): T {
  // @ts-expect-error: a mixin of a class whose constructor takes any arguments.
  return class CompatTrace extends Trace {
    override async getArtifact(context: unknown) {
      const trace = await super.getArtifact(context)
      const events = trace.traceEvents
      const added: TraceEvent[] = []
      // Per thread: the first module compiled since its last evaluation.
      const pending = new Map<string, string>()
      const sorted = events
        .filter((e) => e.name === 'v8.compileModule' || e.name === 'v8.evaluateModule')
        .sort((a, b) => a.ts - b.ts)
      for (const event of events) {
        const args = event.args
        if (event.name === 'PipelineReporter' && args && !args.chrome_frame_reporter && args.frame_reporter)
          args.chrome_frame_reporter = args.frame_reporter
      }
      for (const event of sorted) {
        const thread = `${event.pid}:${event.tid}`
        if (event.name === 'v8.compileModule') {
          const url = event.args?.fileName ?? event.args?.data?.url
          if (typeof url === 'string' && url && !pending.has(thread)) pending.set(thread, url)
          continue
        }
        const url = pending.get(thread)
        pending.delete(thread)
        if (!url || event.ph !== 'X' || event.args?.data?.url) continue
        added.push({
          name: 'v8.compileModule',
          cat: event.cat ?? 'v8,devtools.timeline',
          ph: 'X',
          pid: event.pid,
          tid: event.tid,
          // Inside the evaluation, so it is its child in Lighthouse's task tree.
          ts: event.ts + Math.min(1, (event.dur ?? 0) / 2),
          dur: 0,
          args: { fileName: url, data: { url } },
        })
      }
      for (const event of added) events.push(event)
      return trace
    }
  }
}

/** Lighthouse's config (the default, or the desktop preset) with the compatible Trace gatherer. */
export function compatConfig(
  lighthouse: { defaultConfig: LighthouseConfigLike; desktopConfig: LighthouseConfigLike },
  Trace: TraceGathererClass,
  desktop: boolean,
): LighthouseConfigLike {
  const base = lighthouse.defaultConfig
  return {
    ...base,
    settings: { ...base.settings, ...(desktop ? lighthouse.desktopConfig.settings : {}) },
    artifacts: (base.artifacts ?? []).map((artifact) =>
      artifact.id === 'Trace'
        ? { id: 'Trace', gatherer: { implementation: compatTraceGatherer(Trace) } }
        : artifact,
    ),
  }
}

export interface LighthouseConfigLike {
  settings?: object
  artifacts?: Array<{ id: string; gatherer: unknown }> | null
}
