/**
 * Accuracy of the bench plugin with perfgate's comparison (core/compare): COMPARISONS A/A comparisons of the
 * example app's suite (examples/spa/bench) must flag nothing, and a 1.2× slowdown injected into one task
 * must be flagged `regressed` in at least 19 of 20 comparisons while the untouched tasks are not.
 * The slowdown is exact: a generated wrapper runs every task 5 times per call, the slowed one 6 times.
 * Each comparison is one plugin run over three copies of the suite (base/, same/, slow/): the plugin
 * interleaves their processes (B1 S1 X1 B2 S2 X2 …), so load from other jobs on this shared machine hits
 * all three alike, as it would hit two CI runs on dedicated runners alike.
 * Run: npx jiti test/bench/bench-accuracy.bench.ts   (env: COMPARISONS=20 RUNS=15 TIME=100)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareReports, DEFAULT_COMPARE } from '../../core/compare/index.js'
import type { RunReport } from '../../core/model/types.js'
import { toReportEntries } from '../../core/run/metrics.js'
import { benchPlugin } from '../../plugins/bench/index.js'
import { pluginContext } from '../helpers/plugin-context.js'
import { makeReport } from '../helpers/reports.js'

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..')
const comparisons = Number(process.env.COMPARISONS ?? 20)
const runs = Number(process.env.RUNS ?? 15)
const time = Number(process.env.TIME ?? 100)
const SLOW_TASK = 'sort 200 builds by bundle size'

const dir = mkdtempSync(join(tmpdir(), 'perfgate-bench-accuracy-'))
const COPIES = { base: 5, same: 5, slow: 6 }
for (const [copy, times] of Object.entries(COPIES)) {
  mkdirSync(join(dir, copy))
  writeFileSync(
    join(dir, copy, 'suite.bench.ts'),
    `import tasks from ${JSON.stringify(join(root, 'examples/spa/bench/format.bench.ts'))}
const repeat = (fn: () => unknown, times: number) => () => { for (let i = 0; i < times; i++) fn() }
export default Object.fromEntries(
  Object.entries(tasks as Record<string, () => unknown>).map(([name, fn]) => [name, repeat(fn, name === ${JSON.stringify(SLOW_TASK)} ? ${times} : 5)]),
)
`,
  )
}

const ctx = pluginContext({ cwd: dir, outDir: dir })

/** Runs measured again as disturbed (bench/disturbed-runs findings), over all comparisons. */
let repeated = 0

/** One plugin run over the three copies, split into one report per copy with the copy's prefix removed. */
async function measure(): Promise<Record<keyof typeof COPIES, RunReport>> {
  const output = await benchPlugin({ runs, time, warmupTime: 50 }).collect(ctx)
  for (const f of output.findings ?? [])
    if (f.ruleId === 'bench/disturbed-runs') repeated += Number(f.message.match(/^(\d+) run/)?.[1] ?? 0)
  const { metrics } = toReportEntries('perfgate:bench', output, { pluginOutDir: dir, outDir: dir })
  const of = (copy: string): RunReport =>
    makeReport({
      commit: null,
      metrics: metrics
        .filter((m) => m.id.startsWith(`bench/${copy}-suite/`))
        .map((m) => ({ ...m, id: m.id.replace(`bench/${copy}-suite/`, 'bench/suite/') })),
    })
  return { base: of('base'), same: of('same'), slow: of('slow') }
}

const flagged = (r: RunReport) =>
  r.metrics.filter((m) => m.verdict === 'regressed' || m.verdict === 'improved')
let aaFlagged = 0
let caught = 0
let caughtOps = 0
let untouchedFlagged = 0
const started = performance.now()
try {
  for (let i = 1; i <= comparisons; i++) {
    const { base, same, slow } = await measure()
    const aa = flagged(compareReports(same, base, [], { ...DEFAULT_COMPARE, sameJob: true }))
    const ab = compareReports(slow, base, [], { ...DEFAULT_COMPARE, sameJob: true })
    const slowIds = ab.metrics.filter((m) => m.id.includes('/sort-200-builds-by-bundle-size/'))
    const hit = slowIds.find((m) => m.id.endsWith('/latency-p50'))?.verdict === 'regressed'
    const hitOps = slowIds.find((m) => m.id.endsWith('/ops'))?.verdict === 'regressed'
    const others = flagged(ab).filter((m) => !m.id.includes('/sort-200-builds-by-bundle-size/'))
    if (aa.length > 0) aaFlagged++
    if (hit) caught++
    if (hitOps) caughtOps++
    if (others.length > 0) untouchedFlagged++
    const slowLatency = slowIds.find((m) => m.id.endsWith('/latency-p50'))
    const change = slowLatency?.change?.rel ?? Number.NaN
    if (!hit) console.log(`   missed: ${slowLatency?.verdict} (${slowLatency?.reason ?? ''})`)
    console.log(
      `#${i}: A/A flagged ${aa.map((m) => `${m.id} ${m.verdict}`).join(', ') || 'nothing'}; ` +
        `1.2× → latency ${hit ? 'regressed' : 'MISSED'} (${(change * 100).toFixed(1)} %), ops ${hitOps ? 'regressed' : 'MISSED'}; ` +
        `untouched flagged: ${others.map((m) => m.id).join(', ') || 'none'}`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(
  `\n${comparisons} comparisons, ${runs} processes a side, time ${time} ms (${((performance.now() - started) / 60000).toFixed(1)} min):`,
)
console.log(`  A/A comparisons flagging anything: ${aaFlagged}/${comparisons}`)
console.log(
  `  1.2× slowdown caught (latency-p50 regressed): ${caught}/${comparisons}; ops regressed: ${caughtOps}/${comparisons}`,
)
console.log(`  slowdown comparisons flagging an untouched task: ${untouchedFlagged}/${comparisons}`)
console.log(
  `  disturbed runs measured again: ${repeated} of ${comparisons * runs * Object.keys(COPIES).length} processes`,
)
