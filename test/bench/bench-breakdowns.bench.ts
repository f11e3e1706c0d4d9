/**
 * What the bench plugin's profile breakdowns cost, side by side (interleaved, N times): the same plugin
 * with `profileTime` at its default against `profileTime: false`, on a project with three micro tasks
 * and an HTTP server with two routes (served through a wrapper process, as `npm run start` does).
 * Two shapes of a call: a stored run (the defaults: 10 runs a file, 3 runs and a 1 s warm-up a scenario)
 * and one side of an A/B run at its first look (5 calls of one run each, ROUNDS=10 for the second look;
 * the first call profiles).
 * Absolute times on a shared machine mean little; the ratio of medians is the figure.
 * Goal (issue 23): ≤ 1.10 on a stored run, ≤ 1.15 on an A/B run.
 * Run: nice -n 19 npx jiti test/bench/bench-breakdowns.bench.ts   (env: N=3, SHAPES=stored,ab, ROUNDS=5)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { createPluginContext } from '../../core/testing/index.js'
import { median } from '../../core/toolkit/stats.js'
import { benchPlugin } from '../../plugins/bench/index.js'

const N = Number(process.env.N ?? 3)
/** Rounds of the A/B side: 5 is the first look, 10 where most real API runs stop. */
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const root = mkdtempSync(join(tmpdir(), 'perfgate-bench-why-cost-'))
mkdirSync(join(root, 'lib'))
writeFileSync(
  join(root, 'lib/work.mjs'),
  `export function parseRows(n) { const rows = []; for (let i = 0; i < n; i++) rows.push(Number.parseFloat(String(i * 1.5))); return rows }
export function checksum(rows) { let s = 0; for (const r of rows) s = (s + Math.sqrt(r + 1)) % 1e9; return s }
export function render(rows) { return JSON.stringify(rows.slice(0, 200)) }\n`,
)
writeFileSync(
  join(root, 'work.bench.mjs'),
  `import { checksum, parseRows, render } from './lib/work.mjs'
let sink = 0
export default {
  parse: () => { sink += parseRows(2000).length },
  checksum: () => { sink += checksum(parseRows(500)) },
  render: () => { sink += render(parseRows(500)).length },
}\n`,
)
writeFileSync(
  join(root, 'server.mjs'),
  `import { createServer } from 'node:http'
import { checksum, parseRows, render } from './lib/work.mjs'
createServer((req, res) => res.end(req.url === '/sum' ? String(checksum(parseRows(300))) : render(parseRows(300))))
  .listen(Number(process.env.PORT), '127.0.0.1')\n`,
)
const http = {
  command: `${JSON.stringify(process.execPath)} -e "require('node:child_process').spawn(process.execPath, ['server.mjs'], { stdio: 'inherit' })"`,
  scenarios: [
    { name: 'sum', path: '/sum' },
    { name: 'render', path: '/render' },
  ],
}

async function timed(profile: boolean, shape: 'stored' | 'ab'): Promise<number> {
  const plugin = benchPlugin({ http, ...(profile ? {} : { profileTime: false }) })
  const outDir = join(root, '.out')
  const started = performance.now()
  if (shape === 'stored') {
    await plugin.collect(createPluginContext({ cwd: root, outDir, logger: createMemoryLogger('error') }))
  } else {
    for (let round = 0; round < ROUNDS; round++)
      await plugin.collect(
        createPluginContext({
          cwd: root,
          outDir,
          samples: 1,
          side: 'head',
          logger: createMemoryLogger('error'),
        }),
      )
  }
  return (performance.now() - started) / 1000
}

try {
  for (const shape of (process.env.SHAPES ?? 'stored,ab').split(',') as Array<'stored' | 'ab'>) {
    const times = { on: [] as number[], off: [] as number[] }
    for (let i = 0; i < N; i++) {
      // Alternate which goes first, so a drift of the machine falls on both.
      const order = i % 2 === 0 ? ([true, false] as const) : ([false, true] as const)
      for (const profile of order) times[profile ? 'on' : 'off'].push(await timed(profile, shape))
    }
    const ratio = median(times.on) / median(times.off)
    console.log(
      `${shape.padEnd(6)} with breakdowns ${median(times.on).toFixed(1)} s · without ${median(times.off).toFixed(1)} s · ratio ${ratio.toFixed(3)} (runs: ${times.on.map((t) => t.toFixed(1)).join(', ')} vs ${times.off.map((t) => t.toFixed(1)).join(', ')})`,
    )
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
