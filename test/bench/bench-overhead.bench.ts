/**
 * Overhead of the bench plugin's HTTP scenarios: requests per second measured by the plugin against bare
 * autocannon with the same options, interleaved (bare, plugin, bare, plugin …) against one server
 * (examples/api/server.mjs). The plugin gets the server's URL as an absolute scenario path; its own
 * `command` is an idle stand-in it starts and stops. Target: the plugin's rps within 5 % of bare autocannon.
 * Run: npx jiti test/bench/bench-overhead.bench.ts   (env: ROUNDS=5 DURATION=3 CONNECTIONS=10 PATHNAME=/api/items)
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../../core/toolkit/server-command.js'
import { median } from '../../core/toolkit/stats.js'
import { benchPlugin } from '../../plugins/bench/index.js'
import { pluginContext } from '../helpers/plugin-context.js'

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..')
const rounds = Number(process.env.ROUNDS ?? 5)
const duration = Number(process.env.DURATION ?? 3)
const connections = Number(process.env.CONNECTIONS ?? 10)
const pathname = process.env.PATHNAME ?? '/api/items'

const port = await freePort()
const server = spawn(process.execPath, [join(root, 'examples/api/server.mjs')], {
  env: { ...process.env, PORT: String(port) },
  stdio: 'ignore',
})
const url = `http://127.0.0.1:${port}${pathname}`
for (let i = 0; ; i++) {
  try {
    await fetch(url)
    break
  } catch {
    if (i > 100) throw new Error('example API did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
}

const ctx = pluginContext({ cwd: root, outDir: root })
const idle = "require('node:http').createServer((q, s) => s.end()).listen(process.env.PORT, '127.0.0.1')"

const bare: number[] = []
const bareTotal: number[] = []
const plugin: number[] = []
try {
  // Warm the server up once for both.
  await autocannon({ url, connections, duration: 1 })
  for (let round = 1; round <= rounds; round++) {
    const result = await autocannon({ url, connections, duration })
    bare.push(result.requests.average)
    bareTotal.push(result.requests.total / result.duration)
    const output = await benchPlugin({
      files: false,
      http: {
        command: [process.execPath, '-e', idle],
        runs: 1,
        warmup: 0,
        scenarios: [{ name: 'items', path: url, connections, duration }],
      },
    }).collect(ctx)
    const rps = output.metrics?.find((m) => m.id === 'bench/http/items/rps')?.samples?.[0] ?? Number.NaN
    plugin.push(rps)
    console.log(
      `round ${round}: bare ${result.requests.average.toFixed(0)} req/s (total/duration ${(result.requests.total / result.duration).toFixed(0)}), plugin ${rps.toFixed(0)} req/s`,
    )
  }
} finally {
  server.kill()
}
const ratio = median(plugin) / median(bare)
console.log(`\n${rounds} rounds of ${duration} s, ${connections} connections, GET ${pathname}:`)
console.log(`  bare autocannon (requests.average): median ${median(bare).toFixed(0)} req/s`)
console.log(`  bare autocannon (total / duration):  median ${median(bareTotal).toFixed(0)} req/s`)
console.log(`  bench plugin:                        median ${median(plugin).toFixed(0)} req/s`)
console.log(
  `  plugin / bare: ${(ratio * 100).toFixed(1)} % (${Math.abs(ratio - 1) <= 0.05 ? 'within' : 'OUTSIDE'} 5 %)`,
)
