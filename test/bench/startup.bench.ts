/**
 * `perfgate --help` cold start against a bare `node -e ""`, measured side by side (interleaved) in one run:
 * absolute times on a shared machine mean little, the ratio of medians is the figure.
 * Run: npm run bench
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { median } from '../../core/toolkit/stats.js'

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..')
const cli = join(root, 'dist/core/cli/bin.js')
if (!existsSync(cli)) {
  console.error('dist/ is missing: run `npm run build` first.')
  process.exit(2)
}

const rounds = Number(process.env.ROUNDS ?? 21)
const commands: Record<string, string[]> = {
  'node -e ""': ['-e', ''],
  'perfgate --help': [cli, '--help'],
  'perfgate --version': [cli, '--version'],
}

function time(args: string[]): number {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' })
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]))
for (const args of Object.values(commands)) time(args) // warm the file cache
for (let round = 0; round < rounds; round++)
  for (const [name, args] of Object.entries(commands)) samples[name].push(time(args))

const bare = median(samples['node -e ""'])
console.log(`Start-up, median of ${rounds} interleaved runs (Node ${process.version}, ${process.platform})\n`)
console.log('| command | median ms | ratio to node -e "" |')
console.log('|---|---:|---:|')
for (const [name, values] of Object.entries(samples))
  console.log(`| ${name} | ${median(values).toFixed(1)} | ${(median(values) / bare).toFixed(2)}× |`)
const ratio = median(samples['perfgate --help']) / bare
console.log(
  `\nperfgate --help / node -e "": ${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? 'OK' : 'OVER'}`,
)
