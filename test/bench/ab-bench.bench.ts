/**
 * Same-job A/B at defaults on this machine, bench plugin: N comparisons each of an unchanged bench task
 * and of one made 1.2× slower in head (more loop iterations, same code). Each comparison is a whole
 * `perfgate run --ab-dir` (default bench options, default sampling plan 5→20 by 5, default alpha and
 * minimum effect). Prints how many were flagged, the rounds a side used and the wall time.
 * Goal (issue 13): no change flagged 0/N, slowdown caught ≥ 19/20.
 * Run: npx jiti test/bench/ab-bench.bench.ts   (env: N=20, CASES=same,slower)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { run } from '../../core/run/run.js'
import { benchPlugin } from '../../plugins/bench/index.js'

const N = Number(process.env.N ?? 20)
const CASES = (process.env.CASES ?? 'same,slower').split(',')
const WORK = 200_000

function project(dir: string, work: number) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  writeFileSync(
    join(dir, 'tasks.bench.mjs'),
    `let sink = 0\nexport default {\n  loop: () => {\n    let t = 0\n    for (let i = 0; i < ${work}; i++) t += Math.sqrt(i) * Math.sin(i)\n    sink += t\n  },\n}\nglobalThis.__sink = sink\n`,
  )
  return dir
}

const fmt = (samples?: number[]) => (samples ?? []).map((x) => x.toFixed(2)).join(' ')

async function compare(factor: number) {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-ab-bench-'))
  try {
    const head = project(join(root, 'head'), Math.round(WORK * factor))
    const base = project(join(root, 'base'), WORK)
    const started = performance.now()
    const result = await run({
      cwd: head,
      config: { plugins: [benchPlugin({ files: ['*.bench.mjs'] })] },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
      compare: true,
    })
    const ms = performance.now() - started
    const p50 = result.report.metrics.find((m) => m.id.endsWith('/latency-p50'))
    const flagged = result.report.metrics.filter((m) => m.verdict === 'regressed' || m.verdict === 'improved')
    const expected = factor === 1 ? flagged.length === 0 : p50?.verdict === 'regressed'
    if (!expected)
      process.stderr.write(
        `  missed: ${p50?.reason ?? ''}\n  head ${fmt(p50?.samples)}\n  base ${fmt(p50?.baseline?.samples)}\n  ${result.report.findings.map((f) => f.message).join('\n  ')}\n`,
      )
    return {
      ms,
      flagged: flagged.length > 0,
      regressed: p50?.verdict === 'regressed',
      rounds: p50?.samples?.length ?? 0,
      verdict: p50?.verdict,
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

for (const name of CASES) {
  const factor = name === 'slower' ? 1.2 : 1
  const rows = []
  for (let i = 1; i <= N; i++) {
    const row = await compare(factor)
    rows.push(row)
    process.stderr.write(
      `${name} ${i}/${N}: ${row.verdict} after ${row.rounds} rounds a side, ${(row.ms / 1000).toFixed(1)} s\n`,
    )
  }
  const flagged = rows.filter((r) => (factor === 1 ? r.flagged : r.regressed)).length
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  console.log(
    `${name === 'slower' ? 'bench task 1.2× slower' : 'no change'}: ${factor === 1 ? 'flagged' : 'caught'} ${flagged}/${N}; rounds a side mean ${mean(rows.map((r) => r.rounds)).toFixed(1)} (min ${Math.min(...rows.map((r) => r.rounds))}, max ${Math.max(...rows.map((r) => r.rounds))}); wall time mean ${(mean(rows.map((r) => r.ms)) / 1000).toFixed(1)} s`,
  )
}
