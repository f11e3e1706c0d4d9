/**
 * perfgate's Lighthouse plugin vs `lhci collect` on the example app's built page (examples/spa/dist):
 * RUNS runs of one page each, same Chromium, same headless CI flags. Prints the wall time of each, their
 * ratio (goal ≤ 0.8) and the spread (max − min) of the performance score over the runs (goal: no larger
 * than LHCI's). LHCI launches a Chrome per run; perfgate reuses one and keeps Lighthouse loaded.
 * Run: npx jiti test/bench/lighthouse.bench.ts   (env: RUNS=5 CHROME_PATH=/usr/bin/chromium)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { killGroup } from '../../core/toolkit/process-group.js'
import { CI_CHROME_FLAGS } from '../../plugins/lighthouse/chrome.js'
import { lighthousePlugin } from '../../plugins/lighthouse/index.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { pluginContext } from '../helpers/plugin-context.js'

const RUNS = Number(process.env.RUNS ?? 5)
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
// DIST=folder measures another built site's index.html (e.g. a heavier page whose score varies).
const DIST = process.env.DIST ? resolve(process.env.DIST) : join(REPO_ROOT, 'examples/spa/dist')

const spread = (values: number[]) => Math.max(...values) - Math.min(...values)

async function perfgate(): Promise<{ ms: number; scores: number[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'perfgate-lh-bench-'))
  const children: import('node:child_process').ChildProcess[] = []
  const ctx = pluginContext({
    cwd: REPO_ROOT,
    outDir,
    logger: createMemoryLogger('warn'),
    track: (child) => children.push(child),
  })
  const started = performance.now()
  const output = await lighthousePlugin({
    staticDistDir: DIST,
    urls: ['/'],
    runs: RUNS,
    chromePath: CHROME,
  }).collect(ctx)
  const ms = performance.now() - started
  await Promise.all(children.map((child) => killGroup(child)))
  rmSync(outDir, { recursive: true, force: true })
  const scores = output.metrics?.find((m) => m.id === 'lighthouse/home/score')?.samples ?? []
  return { ms, scores }
}

function lhci(): { ms: number; scores: number[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'perfgate-lhci-bench-'))
  const started = performance.now()
  const result = spawnSync(
    join(REPO_ROOT, 'node_modules/.bin/lhci'),
    [
      'collect',
      `--staticDistDir=${DIST}`,
      `-n=${RUNS}`,
      '--settings.onlyCategories=performance',
      `--settings.chromeFlags=${CI_CHROME_FLAGS.join(' ')}`,
    ],
    { cwd, env: { ...process.env, CHROME_PATH: CHROME }, encoding: 'utf8' },
  )
  const ms = performance.now() - started
  if (result.status !== 0)
    throw new Error(`lhci collect failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  const dir = join(cwd, '.lighthouseci')
  const scores = readdirSync(dir)
    .filter((file) => file.startsWith('lhr-') && file.endsWith('.json'))
    .map((file) =>
      Math.round(JSON.parse(readFileSync(join(dir, file), 'utf8')).categories.performance.score * 100),
    )
  rmSync(cwd, { recursive: true, force: true })
  return { ms, scores }
}

const ours = await perfgate()
const theirs = lhci()
const row = (name: string, r: { ms: number; scores: number[] }) =>
  `${name.padEnd(10)} ${(r.ms / 1000).toFixed(1).padStart(6)} s   scores ${r.scores.join(' ')}   spread ${spread(r.scores)}`
console.log(`${RUNS} runs of ${DIST}/index.html, Chromium at ${CHROME}`)
console.log(row('perfgate', ours))
console.log(row('lhci', theirs))
console.log(`wall-time ratio perfgate/lhci: ${(ours.ms / theirs.ms).toFixed(2)} (goal ≤ 0.80)`)
console.log(
  `score spread: perfgate ${spread(ours.scores)} vs lhci ${spread(theirs.scores)} (goal: perfgate ≤ lhci)`,
)
