import { describe, expect, it } from 'vitest'
import { compatConfig, compatTraceGatherer } from '../../../plugins/lighthouse/trace-compat.js'

type Event = {
  name: string
  ph?: string
  pid?: number
  tid?: number
  ts: number
  dur?: number
  cat?: string
  args?: Record<string, unknown> & { data?: Record<string, unknown>; fileName?: string }
}

/** Lighthouse's Trace gatherer, as far as the mixin uses it: a synchronous getArtifact. */
function fakeTrace(events: Event[]) {
  return class Trace {
    getArtifact(_context: unknown) {
      return { traceEvents: events }
    }
  }
}

const compile = (ts: number, url: string, tid = 1): Event => ({
  name: 'v8.compileModule',
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur: 10,
  cat: 'v8,devtools.timeline',
  args: { fileName: url, data: { url } },
})
const evaluate = (ts: number, dur: number, tid = 1): Event => ({
  name: 'v8.evaluateModule',
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur,
  cat: 'v8,devtools.timeline',
  args: { worldId: 0 },
})

describe('compatTraceGatherer', () => {
  it('gives PipelineReporter events the argument name Lighthouse’s trace engine reads', async () => {
    const reporter = { frame_sequence: 171 }
    const events: Event[] = [{ name: 'PipelineReporter', ph: 'b', ts: 1, args: { frame_reporter: reporter } }]
    const Trace = compatTraceGatherer(fakeTrace(events))
    const trace = await new Trace().getArtifact({})
    expect(trace.traceEvents[0].args).toEqual({ frame_reporter: reporter, chrome_frame_reporter: reporter })
  })

  it('names the module a module evaluation runs: the first compiled since the thread’s last evaluation', async () => {
    const events: Event[] = [
      compile(100, 'http://127.0.0.1:4000/assets/index-B3x9aK2f.js'),
      compile(150, 'http://127.0.0.1:4000/assets/vendor-Cq3M1xYz.js'),
      evaluate(200, 400_000),
      // A dynamic import later: its own chunk.
      compile(500_000, 'http://127.0.0.1:4000/assets/lazy-DiwrgTda.js'),
      evaluate(500_100, 80_000),
      // Another thread (a worker) keeps its own order; an evaluation with nothing compiled gets nothing.
      evaluate(600_000, 1_000, 2),
    ]
    const Trace = compatTraceGatherer(fakeTrace(events))
    const { traceEvents } = await new Trace().getArtifact({})
    const added = traceEvents.slice(6)
    expect(added).toEqual([
      expect.objectContaining({
        name: 'v8.compileModule',
        ph: 'X',
        tid: 1,
        ts: 201,
        dur: 0,
        args: {
          fileName: 'http://127.0.0.1:4000/assets/index-B3x9aK2f.js',
          data: { url: 'http://127.0.0.1:4000/assets/index-B3x9aK2f.js' },
        },
      }),
      expect.objectContaining({
        ts: 500_101,
        args: expect.objectContaining({ fileName: expect.stringContaining('/lazy-') }),
      }),
    ])
  })

  it('gives a graph’s evaluation to the document’s script, not to a module preloaded and compiled first', async () => {
    const request = (ts: number, url: string, preload: boolean): Event => ({
      name: 'ResourceSendRequest',
      ph: 'I',
      pid: 1,
      tid: 1,
      ts,
      args: {
        data: {
          url,
          isLinkPreload: preload,
          initiator: {
            type: 'parser',
            fetchType: preload ? 'other' : 'script',
            url: 'http://127.0.0.1:4000/',
          },
        },
      },
    })
    const index = 'http://127.0.0.1:4000/assets/index-B3x9aK2f.js'
    const vendor = 'http://127.0.0.1:4000/assets/vendor-Cq3M1xYz.js'
    const events: Event[] = [
      request(10, index, false),
      request(20, vendor, true),
      // The preloaded vendor chunk arrives and compiles first.
      compile(100, vendor),
      compile(150, index),
      evaluate(200, 500_000),
    ]
    const Trace = compatTraceGatherer(fakeTrace(events))
    const { traceEvents } = await new Trace().getArtifact({})
    expect(traceEvents.slice(5).map((e) => e.args?.fileName)).toEqual([index])
  })

  it('replaces only the Trace gatherer of Lighthouse’s default config, with the desktop settings when asked', () => {
    class Trace {
      getArtifact() {
        return { traceEvents: [] }
      }
    }
    const lighthouse = {
      defaultConfig: {
        settings: { formFactor: 'mobile', onlyAudits: null },
        artifacts: [
          { id: 'DevtoolsLog', gatherer: 'devtools-log' },
          { id: 'Trace', gatherer: 'trace' },
          { id: 'RootCauses', gatherer: 'root-causes' },
        ],
      },
      desktopConfig: { settings: { formFactor: 'desktop' } },
    }
    const mobile = compatConfig(lighthouse, Trace, false)
    expect(mobile.settings).toEqual({ formFactor: 'mobile', onlyAudits: null })
    expect(mobile.artifacts?.map((a) => a.id)).toEqual(['DevtoolsLog', 'Trace', 'RootCauses'])
    const gatherer = mobile.artifacts?.[1].gatherer as { implementation: typeof Trace }
    expect(new gatherer.implementation()).toBeInstanceOf(Trace)
    expect(mobile.artifacts?.[2].gatherer).toBe('root-causes')
    expect(compatConfig(lighthouse, Trace, true).settings).toMatchObject({
      formFactor: 'desktop',
      onlyAudits: null,
    })
  })
})
