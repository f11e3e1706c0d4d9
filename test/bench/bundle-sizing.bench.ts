/**
 * Bundle sizing at scale, side by side with a bare compression script, interleaved in one run.
 *
 *   npx jiti test/bench/bundle-sizing.bench.ts [rounds=3]          10 MB / 2,000 files and 100 MB
 *   PERFGATE_BENCH_1GB=1 npx jiti test/bench/bundle-sizing.bench.ts 1 10 MB, 100 MB and 1 GB
 *   PERFGATE_BENCH_1GB=only PERFGATE_BENCH_SIDES=perfgate npx jiti …  1 GB, perfgate alone
 *   npx jiti test/bench/bundle-sizing.bench.ts 3 --batch 1,16000,64000,256000,1000000   batch sizes on 10 MB
 *
 * Cases, generated in a temp folder: (a) 10 MB of 2,000 small files (JS, CSS, HTML, JSON); (b) 100 MB
 * and (c) 1 GB of a realistic mix by bytes: images 60 % (random bytes named .png/.jpg/.webp/.avif/.gif),
 * video 10 % (.mp4), fonts 8 % (.woff2, .ttf), JavaScript 15 %, CSS, SVG, JSON and HTML 7 %.
 *
 * Each side runs in its own child process and measures itself around the work (module loading
 * excluded): wall time, CPU (process.cpuUsage: this process with its worker threads) and peak RSS.
 *   perfgate: analyzeDir() of plugins/bundle, no cache: reads and hashes every file, gzip-9 + brotli-11
 *             of the types servers compress on its worker pool.
 *   script:   reads the compressible files (by extension) and gzip-9 + brotli-11 each on a pool of
 *             worker threads of the same size, one file a message.
 * Goal: (a) perfgate ≤ 1.1× the script's wall time. The machine is shared: read the ratios.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

const SELF = fileURLToPath(import.meta.url)
const REPO = join(dirname(SELF), '../..')
const WORKERS = availableParallelism()

// ---------------------------------------------------------------------------------------------------
// Child: one measured side.

interface Sample {
  wallMs: number
  cpuMs: number
  rssMB: number
  files: number
  compressed: number
}

async function measure(work: () => Promise<{ files: number; compressed: number }>): Promise<Sample> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const { files, compressed } = await work()
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    rssMB: process.resourceUsage().maxRSS / 1024,
    files,
    compressed,
  }
}

async function perfgateSide(dir: string, batchBytes?: number) {
  const { analyzeDir } = await import('../../plugins/bundle/analyze.js')
  const { openSizeCache } = await import('../../plugins/bundle/cache.js')
  const { isCompressible } = await import('../../core/toolkit/index.js')
  isCompressible('warm.js') // loads mime-db before the clock starts, as a run has by then
  return measure(async () => {
    const cache = await openSizeCache(null)
    const { assets } = await analyzeDir(dir, { cache, workers: WORKERS, batchBytes })
    return { files: assets.length, compressed: assets.filter((a) => a.gzip !== a.raw).length }
  })
}

const SCRIPT_WORKER = `
const { parentPort } = require('node:worker_threads')
const zlib = require('node:zlib')
parentPort.on('message', (buf) => {
  const gzip = zlib.gzipSync(buf, { level: 9 }).length
  const brotli = zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length
  parentPort.postMessage(gzip + brotli)
})
`
const SCRIPT_COMPRESSIBLE = /\.(html?|m?js|cjs|css|svg|json|webmanifest|xml|txt|wasm|ico|ttf|otf|eot)$/i

function scriptSide(dir: string) {
  return measure(async () => {
    const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    const queue = files.filter((f) => SCRIPT_COMPRESSIBLE.test(f))
    const count = queue.length
    const workers = Array.from({ length: WORKERS }, () => new Worker(SCRIPT_WORKER, { eval: true }))
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const file = queue.shift()
              if (file === undefined) return resolve()
              worker.postMessage(readFileSync(file))
            }
            worker.on('message', next)
            worker.on('error', reject)
            next()
          }),
      ),
    )
    await Promise.all(workers.map((w) => w.terminate()))
    return { files: files.length, compressed: count }
  })
}

// ---------------------------------------------------------------------------------------------------
// Parent: data, rounds, ratios.

function prng(seed: number) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** 16 MB of minified-looking code (identifiers, numbers, strings) to cut files from. */
function codePool(): string {
  const rand = prng(7)
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
  ]
  const parts: string[] = []
  let length = 0
  while (length < 16e6) {
    const w = words[Math.floor(rand() * words.length)]
    const id = `${w}${Math.floor(rand() * 4000).toString(36)}`
    const part = `function ${id}(e,t){return e.${words[Math.floor(rand() * words.length)]}?t(${Math.floor(rand() * 1e5)}):"${id}-${Math.floor(rand() * 1e9).toString(36)}"}`
    parts.push(part)
    length += part.length
  }
  return parts.join('')
}

interface Dataset {
  name: string
  dir: string
  bytes: number
  files: number
}

function writer(root: string) {
  const pool = codePool()
  const rand = prng(42)
  let files = 0
  let bytes = 0
  const put = (file: string, data: Buffer | string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), data)
    files++
    bytes += Buffer.byteLength(data)
  }
  const code = (size: number) => {
    const prefix = `/*${files}*/`
    const at = Math.floor(rand() * (pool.length - size))
    return prefix + pool.slice(at, at + size - prefix.length)
  }
  const between = (min: number, max: number) => Math.floor(min + rand() * (max - min))
  return { put, code, between, stats: () => ({ files, bytes }) }
}

function smallFiles(root: string): Dataset {
  const w = writer(root)
  for (let i = 0; i < 2_000; i++) {
    const size = w.between(1_000, 9_000)
    const kind = i % 10
    if (kind < 6) w.put(`assets/chunk-${i}.js`, w.code(size))
    else if (kind < 8) w.put(`assets/style-${i}.css`, w.code(size).replace(/function /g, '.a{color:'))
    else if (kind < 9) w.put(`pages/page-${i}.html`, `<!doctype html><div>${w.code(size)}</div>`)
    else w.put(`data/data-${i}.json`, JSON.stringify({ i, text: w.code(size) }))
  }
  return { name: '10 MB, 2,000 small files', dir: root, ...w.stats() }
}

function realisticMix(root: string, total: number, name: string): Dataset {
  const w = writer(root)
  const images = ['png', 'jpg', 'webp', 'avif', 'gif']
  const share = (s: number) => s * total
  let i = 0
  const fill = (budget: number, make: () => [string, Buffer | string]) => {
    const until = w.stats().bytes + budget
    while (w.stats().bytes < until) w.put(...make())
  }
  fill(share(0.6), () => [
    `img/photo-${i++}.${images[i % images.length]}`,
    randomBytes(w.between(20_000, 800_000)),
  ])
  fill(share(0.1), () => [`media/clip-${i++}.mp4`, randomBytes(w.between(2e6, 8e6))])
  fill(share(0.06), () => [`fonts/font-${i++}.woff2`, randomBytes(w.between(20_000, 120_000))])
  // TTF: tables of numbers and names, half random: compresses about 1.5×, like real ones.
  fill(share(0.02), () => [
    `fonts/font-${i++}.ttf`,
    Buffer.concat([randomBytes(60_000), Buffer.from(w.code(60_000))]),
  ])
  fill(share(0.15), () => [`assets/chunk-${i++}.js`, w.code(w.between(2_000, 400_000))])
  fill(share(0.03), () => [
    `assets/style-${i++}.css`,
    w.code(w.between(2_000, 100_000)).replace(/function /g, '.a{color:'),
  ])
  fill(share(0.02), () => [`icons/icon-${i++}.svg`, `<svg>${w.code(w.between(500, 8_000))}</svg>`])
  fill(share(0.02), () => [
    `data/data-${i++}.json`,
    JSON.stringify({ text: w.code(w.between(1_000, 50_000)) }),
  ])
  w.put('index.html', `<!doctype html><script type="module" src="/assets/chunk-${i - 1}.js"></script>`)
  return { name, dir: root, ...w.stats() }
}

function runChild(side: string, dir: string, batch?: number): Sample {
  const out = execFileSync(
    process.execPath,
    [join(REPO, 'node_modules/jiti/lib/jiti-cli.mjs'), SELF, '--child', side, dir, String(batch ?? '')],
    { encoding: 'utf8', maxBuffer: 1e7, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const sample = JSON.parse(out.trim().split('\n').at(-1) as string) as Sample
  process.stderr.write(`  (${side}${batch ? ` batch ${batch}` : ''}: ${fmt(sample.wallMs)} ms)\n`)
  return sample
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function compare(data: Dataset, rounds: number) {
  const runs: Record<string, Sample[]> = { perfgate: [], script: [] }
  if (process.env.PERFGATE_BENCH_SIDES === 'perfgate') {
    // perfgate alone (a 1 GB run on a busy machine): absolute figures only.
    for (let r = 0; r < rounds; r++) runs.perfgate.push(runChild('perfgate', data.dir))
    console.log(`${data.name}: ${fmt(data.files)} files, ${fmt(data.bytes / 1e6, 1)} MB, perfgate only`)
    const s = runs.perfgate
    console.log(
      `  perfgate wall ${fmt(median(s.map((x) => x.wallMs / 1000)), 2)} s · CPU ${fmt(median(s.map((x) => x.cpuMs / 1000)), 2)} s · peak RSS ${fmt(median(s.map((x) => x.rssMB)))} MB · ${s[0].compressed}/${s[0].files} files compressed`,
    )
    return
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['script', 'perfgate'] : ['perfgate', 'script']
    for (const side of order) runs[side].push(runChild(side, data.dir))
  }
  const ratios = runs.perfgate.map((p, r) => p.wallMs / runs.script[r].wallMs)
  const line = (side: string) => {
    const s = runs[side]
    return `  ${side.padEnd(8)} wall ${fmt(median(s.map((x) => x.wallMs / 1000)), 2)} s · CPU ${fmt(median(s.map((x) => x.cpuMs / 1000)), 2)} s · peak RSS ${fmt(median(s.map((x) => x.rssMB)))} MB · ${s[0].compressed}/${s[0].files} files compressed`
  }
  console.log(
    `${data.name}: ${fmt(data.files)} files, ${fmt(data.bytes / 1e6, 1)} MB, ${rounds} interleaved round(s), ${WORKERS} threads`,
  )
  console.log(line('perfgate'))
  console.log(line('script'))
  console.log(
    `  wall perfgate ÷ script: median ${fmt(median(ratios), 2)}× (rounds: ${ratios.map((x) => fmt(x, 2)).join(', ')}); CPU ${fmt(median(runs.perfgate.map((p, r) => p.cpuMs / runs.script[r].cpuMs)), 2)}×; peak RSS ${fmt(median(runs.perfgate.map((p, r) => p.rssMB / runs.script[r].rssMB)), 2)}×`,
  )
}

function sweep(data: Dataset, rounds: number, batches: number[]) {
  const times = new Map<number, number[]>(batches.map((b) => [b, []]))
  const script: number[] = []
  for (let r = 0; r < rounds; r++) {
    const order = [...batches]
    if (r % 2) order.reverse()
    script.push(runChild('script', data.dir).wallMs)
    for (const b of order) times.get(b)?.push(runChild('perfgate', data.dir, b).wallMs)
  }
  console.log(`${data.name}: batch size sweep, ${rounds} round(s); script median ${fmt(median(script))} ms`)
  for (const [b, t] of times)
    console.log(
      `  batch ${fmt(b).padStart(9)} B: median ${fmt(median(t))} ms = ${fmt(median(t) / median(script), 2)}× script`,
    )
}

async function main() {
  const args = process.argv.slice(2)
  if (args[0] === '--child') {
    const [, side, dir, batch] = args
    const sample =
      side === 'perfgate' ? await perfgateSide(dir, batch ? Number(batch) : undefined) : await scriptSide(dir)
    process.stdout.write(`${JSON.stringify(sample)}\n`)
    return
  }
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3)
  const root = mkdtempSync(join(tmpdir(), 'perfgate-bundle-sizing-'))
  try {
    const small = smallFiles(join(root, 'small'))
    const batchAt = args.indexOf('--batch')
    if (batchAt >= 0) {
      sweep(small, rounds, args[batchAt + 1].split(',').map(Number))
      return
    }
    const only1GB = process.env.PERFGATE_BENCH_1GB === 'only'
    if (!only1GB) {
      compare(small, rounds)
      const mid = realisticMix(join(root, 'mid'), 100e6, '100 MB realistic mix')
      compare(mid, rounds)
      rmSync(mid.dir, { recursive: true, force: true })
    }
    if (process.env.PERFGATE_BENCH_1GB === '1' || only1GB) {
      const big = realisticMix(join(root, 'big'), 1e9, '1 GB realistic mix')
      compare(big, Math.max(1, Math.min(rounds, 2)))
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
