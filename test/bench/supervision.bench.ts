/**
 * What supervision costs: `perfgate run` on a small config (one plugin, no baseline) with the supervising
 * parent and without it (PERFGATE_SUPERVISE=off), interleaved in one run; the ratio of medians is the
 * figure (a shared machine's absolute times mean little). The parent adds one Node start; the in-process
 * guards run in both.
 * Run: npx jiti test/bench/supervision.bench.ts   (ROUNDS=21 by default; needs `npm run build`)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from '../../core/toolkit/stats.js'

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..')
const cli = join(root, 'dist/core/cli/bin.js')
if (!existsSync(cli)) {
  console.error('dist/ is missing: run `npm run build` first.')
  process.exit(2)
}
const project = join(root, 'test/fixtures/custom-plugin')
const out = mkdtempSync(join(tmpdir(), 'perfgate-supervision-bench-'))
const rounds = Number(process.env.ROUNDS ?? 21)

const variants: Record<string, NodeJS.ProcessEnv> = {
  supervised: {},
  'PERFGATE_SUPERVISE=off': { PERFGATE_SUPERVISE: 'off' },
}

function time(env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [cli, 'run', '--no-compare', '--out', out], {
    cwd: project,
    env: { ...process.env, CI: 'true', ...env },
    stdio: 'ignore',
  })
  // The fixture's budget fails on purpose (exit 1); anything else is a broken run, not a figure.
  if (result.status !== 0 && result.status !== 1) throw new Error(`perfgate run exited ${result.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

try {
  for (const env of Object.values(variants)) time(env) // warm the file cache
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
  for (let round = 0; round < rounds; round++)
    for (const [name, env] of Object.entries(variants)) samples[name].push(time(env))
  const off = median(samples['PERFGATE_SUPERVISE=off'])
  console.log(`perfgate run (one plugin, no baseline), median of ${rounds} interleaved runs\n`)
  console.log('| variant | median ms | ratio to unsupervised |')
  console.log('|---|---:|---:|')
  for (const [name, values] of Object.entries(samples))
    console.log(`| ${name} | ${median(values).toFixed(1)} | ${(median(values) / off).toFixed(2)}× |`)
  console.log(`\nsupervision adds ${(median(samples.supervised) - off).toFixed(0)} ms a run`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
