/**
 * Bundle plugin benchmark: an 8 MB dist of 160 JS files.
 *
 *   npx jiti test/bench/bundle.bench.ts
 *
 * Floor: the time two worker threads take just to gzip -9 and brotli -11 the same files (no reading,
 * hashing or anything else). Targets: a cold run at most 1.5× the floor, a cached run at most 0.5×.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { PluginContext } from '../../core/model/types.js'
import { bundlePlugin } from '../../plugins/bundle/index.js'
import { pluginContext } from '../helpers/plugin-context.js'

const FILES = 160
const SIZE = 50_000

/** Minified-looking JavaScript: varied identifiers and numbers, so it compresses like real code. */
function fakeChunk(seed: number): string {
  let x = seed * 7919 + 1
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x
  }
  const words = [
    'render',
    'state',
    'props',
    'value',
    'update',
    'node',
    'list',
    'item',
    'key',
    'effect',
    'ref',
    'ctx',
  ]
  let out = `import{a as ${'b'}}from"./chunk-${(seed + 1) % FILES}.js";`
  while (out.length < SIZE) {
    const w = words[rand() % words.length]
    const id = `${w}${(rand() % 997).toString(36)}`
    out += `function ${id}(e,t){return e.${words[rand() % words.length]}?t(${rand() % 10000}):"${id}-${rand().toString(36)}"}`
  }
  return out.slice(0, SIZE)
}

const FLOOR_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')
for (const text of workerData) {
  const buf = Buffer.from(text)
  zlib.gzipSync(buf, { level: 9 })
  zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })
}
parentPort.postMessage('done')
`

async function floor(chunks: string[]): Promise<number> {
  const halves = [chunks.filter((_, i) => i % 2 === 0), chunks.filter((_, i) => i % 2 === 1)]
  const started = performance.now()
  await Promise.all(
    halves.map(
      (half) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(FLOOR_WORKER, { eval: true, workerData: half })
          worker.once('message', () => worker.terminate().then(() => resolve()))
          worker.once('error', reject)
        }),
    ),
  )
  return performance.now() - started
}

function context(cwd: string, outDir: string): PluginContext {
  return pluginContext({ cwd, outDir })
}

const root = mkdtempSync(join(tmpdir(), 'perfgate-bundle-bench-'))
try {
  const chunks = Array.from({ length: FILES }, (_, i) => fakeChunk(i))
  mkdirSync(join(root, 'dist/assets'), { recursive: true })
  chunks.forEach((c, i) => {
    writeFileSync(join(root, `dist/assets/chunk-${i}-Ab3dEf${String(i).padStart(2, '0')}.js`), c)
  })
  writeFileSync(
    join(root, 'dist/index.html'),
    '<script type="module" src="/assets/chunk-0-Ab3dEf00.js"></script>',
  )
  mkdirSync(join(root, 'out'))
  const cache = join(root, 'cache')
  const plugin = bundlePlugin({ cache })

  const floorMs = await floor(chunks)
  const t0 = performance.now()
  const cold = await plugin.collect(context(root, join(root, 'out')))
  const coldMs = performance.now() - t0
  const t1 = performance.now()
  await plugin.collect(context(root, join(root, 'out')))
  const cachedMs = performance.now() - t1
  const total = cold.metrics?.find((m) => m.id === 'bundle/total/raw')?.value ?? 0

  console.log(`dist: ${FILES} JS files, ${(total / 1e6).toFixed(2)} MB`)
  console.log(`floor (2 workers, gzip-9 + brotli-11 only): ${floorMs.toFixed(0)} ms`)
  console.log(`cold run:   ${coldMs.toFixed(0)} ms = ${(coldMs / floorMs).toFixed(2)}× floor (target ≤ 1.5×)`)
  console.log(
    `cached run: ${cachedMs.toFixed(0)} ms = ${(cachedMs / floorMs).toFixed(2)}× floor (target ≤ 0.5×)`,
  )
} finally {
  rmSync(root, { recursive: true, force: true })
}
