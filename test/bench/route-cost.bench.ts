/**
 * What per-route figures add to the bundle plugin's time on a built project, side by side.
 *
 *   npx jiti test/bench/route-cost.bench.ts <project> <dir> [rounds]
 *
 * Alternates `routes: 'auto'` and `routes: false` (sizes cached after a first warm-up run of each, as in
 * CI with the cache kept) and prints each side's median and their ratio.
 */
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { bundlePlugin } from '../../plugins/bundle/index.js'
import { tempDir } from '../helpers/paths.js'
import { pluginContext } from '../helpers/plugin-context.js'

const [project, dir, roundsArg] = process.argv.slice(2)
const rounds = Number(roundsArg ?? 9)
const out = tempDir('perfgate-route-cost-')
const cache = join(out.dir, 'cache')
const time = async (routes: 'auto' | false) => {
  const ctx = pluginContext({ cwd: project, outDir: out.dir, logger: createMemoryLogger() })
  const start = performance.now()
  const output = await bundlePlugin({ dir, cache, routes, images: { analyze: false } }).collect(ctx)
  const ms = performance.now() - start
  return { ms, routes: output.metrics?.filter((m) => m.id.startsWith('bundle/route/')).length ?? 0 }
}
await time('auto')
await time(false)
const on: number[] = []
const off: number[] = []
let metrics = 0
for (let i = 0; i < rounds; i++) {
  const a = await time('auto')
  metrics = a.routes
  on.push(a.ms)
  off.push((await time(false)).ms)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(`per-route figures: ${metrics} metrics`)
console.log(`with routes    median ${median(on).toFixed(1)} ms  (${on.map((x) => x.toFixed(0)).join(' ')})`)
console.log(`without routes median ${median(off).toFixed(1)} ms  (${off.map((x) => x.toFixed(0)).join(' ')})`)
console.log(`ratio ${(median(on) / median(off)).toFixed(3)}`)
out.cleanup()
