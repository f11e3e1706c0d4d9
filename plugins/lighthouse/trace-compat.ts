/**
 * Two gaps between Lighthouse 12.2.3 (the last that runs on Node 20) and current Chrome, closed in the
 * trace before any gatherer or audit reads it:
 * - Chrome renamed the `chrome_frame_reporter` argument of `PipelineReporter` events `frame_reporter`.
 *   Lighthouse's trace engine reads the old name and throws, and with it every gatherer and audit built
 *   on the engine: the LCP element and its phases, layout shifts (and their elements), render-blocking
 *   resources. The argument is copied to its old name.
 * - A module script's evaluation (`v8.evaluateModule`) names no script, so Lighthouse gives its work
 *   (a Vite app's whole start-up) to the page. Each gets a zero-length child naming the module graph's
 *   root: the first compiled, not yet evaluated `<script src>` of the document (requested by the parser
 *   as a script, so not a `<link rel=modulepreload>`), else the first module compiled since the
 *   thread's previous evaluation (a dynamic `import()`).
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
      for (const event of events) {
        const args = event.args
        if (event.name === 'PipelineReporter' && args && !args.chrome_frame_reporter && args.frame_reporter)
          args.chrome_frame_reporter = args.frame_reporter
      }
      // The documents' own scripts (`<script src>`, not `<link rel=modulepreload>`), in document order:
      // a compiled one of these is the root of the next module graph its thread evaluates.
      const roots = new Map<string, number>()
      const requests = events
        .filter((e) => e.name === 'ResourceSendRequest' && e.args?.data)
        .sort((a, b) => a.ts - b.ts)
      for (const event of requests) {
        const data = event.args?.data as {
          url?: unknown
          isLinkPreload?: unknown
          initiator?: { type?: unknown; fetchType?: unknown }
        }
        const parserScript = data.initiator?.type === 'parser' && data.initiator.fetchType === 'script'
        if (
          typeof data.url === 'string' &&
          parserScript &&
          data.isLinkPreload !== true &&
          !roots.has(data.url)
        )
          roots.set(data.url, roots.size)
      }
      // Per thread: the roots compiled and not yet evaluated, and the first module compiled since the
      // last evaluation (the root of a dynamic import's graph, or when the trace names no roots).
      const compiledRoots = new Map<string, string[]>()
      const pending = new Map<string, string>()
      const sorted = events
        .filter((e) => e.name === 'v8.compileModule' || e.name === 'v8.evaluateModule')
        .sort((a, b) => a.ts - b.ts)
      for (const event of sorted) {
        const thread = `${event.pid}:${event.tid}`
        if (event.name === 'v8.compileModule') {
          const url = event.args?.fileName ?? event.args?.data?.url
          if (typeof url !== 'string' || !url) continue
          if (!pending.has(thread)) pending.set(thread, url)
          if (roots.has(url)) {
            const list = compiledRoots.get(thread) ?? []
            if (!list.includes(url)) list.push(url)
            list.sort((a, b) => (roots.get(a) ?? 0) - (roots.get(b) ?? 0))
            compiledRoots.set(thread, list)
          }
          continue
        }
        const root = compiledRoots.get(thread)?.shift()
        const first = pending.get(thread)
        pending.delete(thread)
        const url = root ?? first
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
