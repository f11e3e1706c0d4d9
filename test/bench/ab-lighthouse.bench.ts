/**
 * Same-job A/B at defaults on this machine, Lighthouse plugin (mobile preset, simulated throttling): N
 * comparisons each of an unchanged page and of a page whose start-up script blocks the main thread
 * ~300 ms longer in head (a busy loop in an inline script), each a whole `perfgate run --ab-dir` with
 * the default sampling plan. Prints flagged counts and rounds used, then the wall time of one A/B run
 * beside `lhci collect` with the same number of Lighthouse runs (2 × rounds a side).
 * Goal (issue 13): no change flagged 0/N, slowdown caught ≥ 19/20.
 * Run: npx jiti test/bench/ab-lighthouse.bench.ts   (env: N=20, CASES=same,blocked, CHROME_PATH)
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { run } from '../../core/run/run.js'
import { CI_CHROME_FLAGS } from '../../plugins/lighthouse/chrome.js'
import { lighthousePlugin } from '../../plugins/lighthouse/index.js'
import { REPO_ROOT } from '../helpers/paths.js'

const N = Number(process.env.N ?? 20)
const CASES = (process.env.CASES ?? 'same,blocked').split(',')
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
// Both sides block 100 ms at start-up; the changed head blocks 400 ms.
const BASE_BLOCK = 100
const EXTRA = 300

function site(dir: string, blockMs: number) {
  mkdirSync(join(dir, 'dist'), { recursive: true })
  const script = `<script>const end = performance.now() + ${blockMs}; while (performance.now() < end) {}</script>`
  writeFileSync(
    join(dir, 'dist/index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Home</title></head><body><h1>Home</h1><p>Some text on the page.</p>${script}</body></html>\n`,
  )
  return dir
}

async function compare(extra: number) {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-ab-lh-'))
  try {
    const head = site(join(root, 'head'), BASE_BLOCK + extra)
    const base = site(join(root, 'base'), BASE_BLOCK)
    const started = performance.now()
    const result = await run({
      cwd: head,
      config: { plugins: [lighthousePlugin({ staticDistDir: 'dist', urls: ['/'], chromePath: CHROME })] },
      ab: { dir: base },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    const ms = performance.now() - started
    const tested = result.report.metrics.filter(
      (m) => m.baseline?.source === 'same-job' && m.role === undefined,
    )
    const regressed = tested.filter((m) => m.verdict === 'regressed').map((m) => m.id.split('/').pop())
    const flagged = tested.filter((m) => m.verdict === 'regressed' || m.verdict === 'improved')
    const rounds = Math.max(0, ...tested.map((m) => m.samples?.length ?? 0))
    return { ms, flagged: flagged.length > 0, regressed, rounds, exit: result.exitCode }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

function lhci(runs: number): number {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-ab-lhci-'))
  try {
    site(root, BASE_BLOCK)
    const started = performance.now()
    const result = spawnSync(
      join(REPO_ROOT, 'node_modules/.bin/lhci'),
      [
        'collect',
        `--staticDistDir=${join(root, 'dist')}`,
        `-n=${runs}`,
        '--settings.onlyCategories=performance',
        `--settings.chromeFlags=${CI_CHROME_FLAGS.join(' ')}`,
      ],
      { cwd: root, env: { ...process.env, CHROME_PATH: CHROME }, encoding: 'utf8' },
    )
    if (result.status !== 0) throw new Error(`lhci collect failed (${result.status}):\n${result.stderr}`)
    return performance.now() - started
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const walls: Array<{ ms: number; rounds: number }> = []
for (const name of CASES) {
  const extra = name === 'blocked' ? EXTRA : 0
  const rows = []
  for (let i = 1; i <= N; i++) {
    const row = await compare(extra)
    rows.push(row)
    walls.push(row)
    process.stderr.write(
      `${name} ${i}/${N}: regressed [${row.regressed.join(', ')}] after ${row.rounds} rounds a side, ${(row.ms / 1000).toFixed(1)} s\n`,
    )
  }
  const count = rows.filter((r) => (extra === 0 ? r.flagged : r.exit === 1)).length
  console.log(
    `${extra === 0 ? 'no change' : `+${EXTRA} ms main-thread work at start-up`}: ${extra === 0 ? 'flagged' : 'caught (run exits 1)'} ${count}/${N}; rounds a side mean ${mean(rows.map((r) => r.rounds)).toFixed(1)}; wall time mean ${(mean(rows.map((r) => r.ms)) / 1000).toFixed(1)} s`,
  )
}
// The wall-time comparison: one A/B run of R rounds a side is 2R Lighthouse runs; lhci collect the same.
const sample = walls[0]
if (sample) {
  const theirs = lhci(2 * sample.rounds)
  console.log(
    `wall time: A/B run ${(sample.ms / 1000).toFixed(1)} s (${sample.rounds} rounds a side = ${2 * sample.rounds} Lighthouse runs) vs lhci collect -n ${2 * sample.rounds}: ${(theirs / 1000).toFixed(1)} s (ratio ${(sample.ms / theirs).toFixed(2)})`,
  )
}
