// A breakdown from a plugin to the report and the baseline record: validated, redacted, capped,
// joined over A/B rounds (the representative call's), diffed against the base side and rendered.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeRecord, serializeRecord } from '../../../core/baseline/records.js'
import type { BreakdownPart, PerfgatePlugin, Side } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { renderConsole } from '../../../core/report/console.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { joinOutputs } from '../../../core/run/ab.js'
import { toReportEntries } from '../../../core/run/metrics.js'
import { run } from '../../../core/run/run.js'
import { resetRedactor } from '../../../core/security/redact.js'
import { tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'

const SECRET = 'hunter2-breakdown-secret'
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  resetRedactor()
})

const paths = { pluginOutDir: '/out/demo', outDir: '/out' }

describe('a metric’s call stacks in the report', () => {
  it('keeps the largest stacks of bounded frames, merging equal ones, the rest summed into one', () => {
    const stacks = [
      ...Array.from({ length: 60 }, (_, i) => ({ frames: ['main', `f${i}`], value: i + 1 })),
      { frames: ['main', 'f0'], value: 100 },
      { frames: Array.from({ length: 40 }, (_, i) => `deep-${i}-${'x'.repeat(300)}`), value: 0.5 },
      { frames: ['main', 'never'], value: 0 },
    ]
    const { metrics } = toReportEntries(
      'acme:demo',
      { metrics: [{ id: 'demo/cpu', title: 'CPU', unit: 'ms', better: 'lower', value: 1, stacks }] },
      paths,
    )
    const kept = metrics[0].stacks ?? []
    expect(kept).toHaveLength(40)
    expect(kept[0]).toEqual({ frames: ['main', 'f0'], value: 101 })
    // 39 kept whole (f0, f59 … f22); f1 … f21 (values 2…22) and the deep stack summed into the last.
    expect(kept.at(-1)).toEqual({ frames: ['(other stacks)'], value: ((2 + 22) * 21) / 2 + 0.5 })
    const total = (list: Array<{ value: number }>) => list.reduce((sum, s) => sum + s.value, 0)
    expect(total(kept)).toBeCloseTo(total(stacks), 9)
    expect(kept.flatMap((s) => s.frames).every((f) => f.length <= 200)).toBe(true)
  })

  it('refuses a stack without frames, naming the metric', () => {
    const output = {
      metrics: [
        {
          id: 'demo/cpu',
          title: 'CPU',
          unit: 'ms',
          better: 'lower',
          value: 1,
          stacks: [{ frames: [], value: 1 }],
        },
      ],
    }
    expect(() => validatePluginOutput('acme:demo', output)).toThrow(/metric "demo\/cpu".*stacks\[0\]\.frames/)
  })
})

describe('a metric’s breakdown in the report', () => {
  it('keeps the 20 largest parts, sums parts that share a key and notes what it left out', () => {
    const parts: BreakdownPart[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ key: `file-${i}.js`, value: i + 1 })),
      { key: 'file-0.js', value: 100, label: 'second copy' },
    ]
    const { metrics } = toReportEntries(
      'acme:demo',
      {
        metrics: [
          { id: 'demo/js', title: 'JS', unit: 'bytes', better: 'lower', value: 920, breakdown: parts },
        ],
      },
      paths,
    )
    const [metric] = metrics
    expect(metric.breakdown).toHaveLength(20)
    // file-0.js: 1 + 100, the largest; its first label (none) kept.
    expect(metric.breakdown?.[0]).toEqual({ key: 'file-0.js', value: 101 })
    expect(metric.breakdown?.[1]).toEqual({ key: 'file-39.js', value: 40 })
    // file-1 … file-20 (values 2…21) were left out.
    expect(metric.breakdownOmitted).toEqual({ parts: 20, value: ((2 + 21) * 20) / 2 })
  })

  it('keeps a baseline record bounded whatever a plugin gives: 20 parts of bounded texts a metric', () => {
    const long = (c: string, n: number) => c.repeat(n)
    const parts: BreakdownPart[] = Array.from({ length: 10_000 }, (_, i) => ({
      key: `${i}${long('k', 5000)}`,
      value: i,
      label: long('l', 5000),
      location: long('f', 5000),
    }))
    const output = {
      metrics: [{ id: 'demo/js', title: 'JS', unit: 'bytes' as const, better: 'lower' as const, value: 1 }],
    }
    const bare = serializeRecord(makeReport({ metrics: toReportEntries('acme:demo', output, paths).metrics }))
    const full = serializeRecord(
      makeReport({
        metrics: toReportEntries(
          'acme:demo',
          { metrics: [{ ...output.metrics[0], breakdown: parts }] },
          paths,
        ).metrics,
      }),
    )
    // Key 200, label 200, location 300 characters, a value and the JSON around them: under 1 kB a part.
    expect(full.length - bare.length).toBeLessThan(20 * 1024)
    expect(JSON.parse(full).metrics[0].breakdown).toHaveLength(20)
  })

  it('refuses a part without a key or with a value that is not finite, naming the metric', () => {
    const output = (breakdown: unknown) => ({
      metrics: [{ id: 'demo/js', title: 'JS', unit: 'bytes', better: 'lower', value: 1, breakdown }],
    })
    expect(() => validatePluginOutput('acme:demo', output([{ key: '', value: 1 }]))).toThrow(
      /metric "demo\/js".*breakdown\[0\]\.key/,
    )
    expect(() =>
      validatePluginOutput('acme:demo', output([{ key: 'a', value: Number.POSITIVE_INFINITY }])),
    ).toThrow(/breakdown\[0\]\.value/)
    expect(
      validatePluginOutput('acme:demo', output([{ key: 'a', value: 1, location: 'src/a.ts:3' }]))
        .metrics?.[0],
    ).toMatchObject({ breakdown: [{ key: 'a', value: 1, location: 'src/a.ts:3' }] })
  })

  it('over A/B rounds keeps the breakdown of the call closest to the joined median', () => {
    const call = (sample: number) => ({
      metrics: [
        {
          id: 'demo/tbt',
          title: 'TBT',
          unit: 'ms' as const,
          better: 'lower' as const,
          samples: [sample],
          breakdown: [{ key: 'call', value: sample }],
        },
      ],
    })
    const joined = joinOutputs([call(880), call(940), call(905), call(860), call(990)])
    expect(joined.metrics?.[0].samples).toEqual([880, 940, 905, 860, 990])
    expect(joined.metrics?.[0].breakdown).toEqual([{ key: 'call', value: 905 }])
  })
})

/**
 * A sampled plugin: TBT of ~900 ms on the head (app.js new, 880 ms of it) against ~40 ms on the base; every
 * call's breakdown names its call, a label holds a secret, and there are more parts than the cap.
 */
function demoPlugin(): PerfgatePlugin {
  const calls: Record<Side, number> = { head: 0, base: 0 }
  const headSamples = [880, 920, 900, 940, 860]
  return {
    name: 'acme:demo',
    sampled: true,
    collect(ctx) {
      const n = calls[ctx.side]++
      const head = ctx.side === 'head'
      const sample = head ? headSamples[n % 5] : 40 + (n % 3)
      const small = Array.from({ length: 30 }, (_, i) => ({ key: `/tiny-${i}.js`, value: 0.01 }))
      const breakdown: BreakdownPart[] = head
        ? [
            {
              key: '/assets/app-*.js',
              value: sample - 20,
              label: `app (${SECRET})`,
              location: 'src/main.ts:1',
            },
            { key: '/', value: 20 },
            { key: '/call', value: (n + 1) * 20 },
            ...small,
          ]
        : [
            { key: '/', value: 20 },
            { key: '/assets/vendor-*.js', value: sample - 20 },
          ]
      return {
        metrics: [
          {
            id: 'demo/home/tbt',
            title: 'Home · TBT',
            unit: 'ms',
            better: 'lower',
            samples: [sample],
            breakdown,
            // One call's stacks, told apart by their value like its breakdown's `/call`.
            stacks: head
              ? [
                  { frames: ['main', `render (${SECRET})`], value: sample - 20 },
                  { frames: ['main'], value: 20 },
                ]
              : [{ frames: ['main'], value: sample }],
          },
        ],
      }
    },
  }
}

describe('perfgate run --ab-dir with a breakdown', () => {
  it('says why under the regression: the head’s representative breakdown diffed with the base side’s', async () => {
    const tmp = tempDir('perfgate-why-')
    cleanups.push(tmp.cleanup)
    const head = join(tmp.dir, 'head')
    const base = join(tmp.dir, 'base')
    mkdirSync(head)
    mkdirSync(base)
    const result = await run({
      cwd: head,
      config: { plugins: [demoPlugin()], redact: [SECRET], ab: { plan: { min: 5, step: 5, max: 10 } } },
      ab: { dir: base },
      logger: createMemoryLogger(),
      progress: false,
      write: false,
    })
    const tbt = result.report.metrics.find((m) => m.id === 'demo/home/tbt')!
    expect(tbt.verdict).toBe('regressed')
    // Look 1 (5 a side) cannot reach its level; look 2 decides.
    expect(tbt.samples).toHaveLength(10)
    // The head's median 900 ms is call 3's (and call 8's): the first one's breakdown is kept.
    expect(tbt.breakdown?.find((p) => p.key === '/call')?.value).toBe(60)
    expect(tbt.breakdown).toHaveLength(20)
    expect(tbt.breakdownOmitted?.parts).toBe(13)
    // Redacted at the runner boundary like any plugin text.
    expect(JSON.stringify(tbt)).not.toContain(SECRET)
    expect(tbt.breakdown?.[0]).toMatchObject({ key: '/assets/app-*.js', value: 880, label: 'app (***)' })
    // Diffed with the base side's representative call (median 41: vendor 21 ms).
    expect(tbt.why?.kind).toBe('diff')
    expect(tbt.why?.parts[0]).toMatchObject({ key: '/assets/app-*.js', delta: 880, status: 'new' })
    // The head kept only its 20 largest parts: vendor may be among the 13 left out, so it is not "gone".
    expect(tbt.why?.parts.at(-1)).toMatchObject({ key: '/assets/vendor-*.js', delta: -21, status: 'changed' })
    expect(tbt.why?.partial).toBe(true)

    const md = renderMarkdown(result.report)
    const row = md.split('\n').find((l) => l.includes('Home · TBT'))!
    // Two parts made it worse by 5 % or more of the change; the 0.01 ms ones are left to report.html.
    expect(row).toContain('<br><sub>↳ app (\\*\\*\\*) +880 ms (new; src/main.ts:1)</sub>')
    expect(row.match(/↳/g)).toHaveLength(2)
    expect(row).toContain('↳ /call +60 ms (new)')
    const text = renderConsole(result.report, { width: 120 })
    const lines = text.split('\n')
    const at = lines.findIndex((l) => l.includes('Home · TBT'))
    expect(lines[at + 1]).toBe('     ↳ app (***) +880 ms (new; src/main.ts:1)')
    expect(lines[at + 2]).toBe('     ↳ /call +60 ms (new)')
    expect(lines[at + 3]).not.toContain('↳')

    // Stored with the metric in the baseline record, bounded, and read back as it was.
    const record = serializeRecord(result.report)
    const decoded = decodeRecord(record, 'test', createMemoryLogger())
    const stored = decoded?.metrics.find((m) => m.id === 'demo/home/tbt')
    expect(stored?.breakdown).toEqual(tbt.breakdown)
    expect(stored?.breakdownOmitted).toEqual(tbt.breakdownOmitted)
    expect(stored?.why).toEqual(tbt.why)

    // The call stacks of the same representative call, redacted, and the base side's beside them.
    expect(tbt.stacks).toEqual([
      { frames: ['main', 'render (***)'], value: 880 },
      { frames: ['main'], value: 20 },
    ])
    expect(tbt.why?.baseStacks).toEqual([{ frames: ['main'], value: 41 }])
    expect(stored?.stacks).toEqual(tbt.stacks)
  }, 60_000)
})
