// Counts and rates against a stored baseline (core/compare/counts.ts): how often a no-change run is
// called regressed (false alarm) and how often a real change is caught, on simulated noisy counts, for
// 3 and 5 rounds a side (the stored defaults of bench HTTP and Lighthouse). Deterministic (seeded).
// Run: npx jiti test/bench/count-verdicts.bench.ts
import { compareReports, DEFAULT_COMPARE } from '../../core/compare/index.js'
import { mulberry32 } from '../../core/compare/stats/random.js'
import type { Metric, RunReport, Unit } from '../../core/model/types.js'
import { median } from '../../core/toolkit/stats.js'
import { makeMetric, makeReport } from '../helpers/reports.js'

const TRIALS = Number(process.env.TRIALS ?? 10_000)

interface Case {
  name: string
  unit: Unit
  /** One round's figure; `changed` is the head of a run that did change. */
  draw(random: () => number, changed: boolean): number
}

/** Errors among `requests` attempts at rate `p` (binomial), as a percentage. */
function errorRate(random: () => number, requests: number, p: number): number {
  let errors = 0
  for (let i = 0; i < requests; i++) if (random() < p) errors++
  return (100 * errors) / requests
}

const CASES: Case[] = [
  {
    name: 'error rate, 0 % → 10 % (2,000 requests a round)',
    unit: 'percent',
    draw: (r, c) => errorRate(r, 2000, c ? 0.1 : 0),
  },
  {
    name: 'error rate, 1 % → 2 % (2,000 requests a round)',
    unit: 'percent',
    draw: (r, c) => errorRate(r, 2000, c ? 0.02 : 0.01),
  },
  {
    name: 'error rate, 0.2 % → 0.4 % (500 requests a round)',
    unit: 'percent',
    draw: (r, c) => errorRate(r, 500, c ? 0.004 : 0.002),
  },
  // A page that sometimes makes one more request (a late beacon); the change adds 3.
  {
    name: 'requests, 40 (+1 in 30 % of runs) → 43',
    unit: 'count',
    draw: (r, c) => (c ? 43 : 40) + (r() < 0.3 ? 1 : 0),
  },
  // Transfer bytes with a little dynamic content (±300 B); the change adds 20 kB.
  {
    name: 'transfer bytes, 500 kB ± 300 B → +20 kB',
    unit: 'bytes',
    draw: (r, c) => Math.round((c ? 520_000 : 500_000) + (r() - 0.5) * 600),
  },
]

function side(id: string, unit: Unit, samples: number[], commit: string): RunReport {
  const metric: Metric = makeMetric(id, median(samples), {
    unit,
    samples,
    timing: true,
    plugin: 'perfgate:sim',
  })
  return makeReport({ commit, metrics: [metric] })
}

function rate(c: Case, n: number, changed: boolean, seed: number): number {
  const random = mulberry32(seed)
  let regressed = 0
  for (let t = 0; t < TRIALS; t++) {
    const base = Array.from({ length: n }, () => c.draw(random, false))
    const head = Array.from({ length: n }, () => c.draw(random, changed))
    const out = compareReports(
      side('sim/x', c.unit, head, 'h'.repeat(40)),
      side('sim/x', c.unit, base, 'b'.repeat(40)),
      [],
      DEFAULT_COMPARE,
    )
    if (out.metrics[0].verdict === 'regressed') regressed++
  }
  return regressed / TRIALS
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`
const lines = [
  '| figure | rounds a side | false alarms (no change) | detection (changed) |',
  '|---|---:|---:|---:|',
]
CASES.forEach((c, i) => {
  for (const n of [3, 5])
    lines.push(
      `| ${c.name} | ${n} | ${pct(rate(c, n, false, 100 + i * 10 + n))} | ${pct(rate(c, n, true, 200 + i * 10 + n))} |`,
    )
})
process.stdout.write(
  `Stored baseline, ${TRIALS.toLocaleString('en-US')} trials a cell\n\n${lines.join('\n')}\n`,
)
