/**
 * Service-worker plugin benchmark: generation time of `serviceWorkerPlugin` (generate mode, then its reading,
 * sizing and checks) against bare Workbox `generateSW` with the same options on the same folder, for the
 * fixture app's Vite build and for an 8 MB folder (160 JS chunks of 50 kB), interleaved, median of ROUNDS.
 *
 *   npx jiti test/bench/service-worker.bench.ts
 *
 * The plugin also computes brotli -11 of the whole precache (as the bundle plugin counts it); the
 * `brotli: false` row shows the cost of the rest.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants } from 'node:zlib'
import { runPlugin } from '../../core/testing/index.js'
import { type ServiceWorkerOptions, serviceWorkerPlugin } from '../../plugins/service-worker/index.js'
import { serviceWorkerSchema } from '../../plugins/service-worker/options.js'
import { navigationDenylist } from '../../plugins/service-worker/workbox.js'
import { fixture, REPO_ROOT } from '../helpers/paths.js'

const brotliAsync = promisify(brotliCompress)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const OPTIONS: ServiceWorkerOptions = { api: ['/api/'], skipWaiting: true, clientsClaim: true }

/** Minified-looking JavaScript that compresses like real code. */
function fakeChunk(seed: number, size: number): string {
  let x = seed * 7919 + 1
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x
  }
  const words = ['render', 'state', 'props', 'value', 'update', 'node', 'list', 'item', 'key', 'effect']
  let out = ''
  while (out.length < size) {
    const id = `${words[rand() % words.length]}${(rand() % 997).toString(36)}`
    out += `function ${id}(e,t){return e.${words[rand() % words.length]}?t(${rand() % 10000}):"${id}-${rand().toString(36)}"}`
  }
  return out.slice(0, size)
}

function bigFolder(root: string): string {
  const dir = join(root, 'big')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  const scripts: string[] = []
  for (let i = 0; i < 160; i++) {
    const name = `assets/chunk${i}-${(1e7 + i * 7919).toString(36).padStart(8, 'A').slice(-8)}.js`
    writeFileSync(join(dir, name), fakeChunk(i, 50_000))
    scripts.push(name)
  }
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><script type="module" src="/${scripts[0]}"></script>`,
  )
  return dir
}

async function viteBuild(root: string): Promise<string> {
  const app = join(root, 'app')
  cpSync(fixture('service-worker-app'), app, { recursive: true })
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'), 'dir')
  const { build } = await import('vite')
  await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir: 'dist' } })
  return join(app, 'dist')
}

/** Workbox alone: the same generateSW call the plugin makes (same globs, routes and fallback). */
async function bare(dir: string): Promise<void> {
  const { generateSW } = await import('workbox-build')
  const resolved = serviceWorkerSchema.parse(OPTIONS)
  await generateSW({
    globDirectory: dir,
    swDest: join(dir, 'sw.js'),
    globPatterns: resolved.globPatterns,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: navigationDenylist(resolved),
    runtimeCaching: [
      {
        urlPattern: ({ url }) => url.pathname.startsWith('/api/'),
        handler: 'NetworkFirst',
        options: { cacheName: 'api', networkTimeoutSeconds: 3, expiration: { maxEntries: 50 } },
      },
      {
        urlPattern: /\/assets\//,
        handler: 'CacheFirst',
        options: { cacheName: 'assets', expiration: { maxEntries: 200, maxAgeSeconds: 31_536_000 } },
      },
    ],
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    sourcemap: false,
    mode: 'production',
  })
}

async function plugin(dir: string, extra: ServiceWorkerOptions = {}): Promise<void> {
  const run = await runPlugin(serviceWorkerPlugin({ ...OPTIONS, ...extra, dir: '.' }), { cwd: dir })
  if (run.result.status !== 'ok') throw new Error(`plugin failed: ${run.result.error}`)
}

/** Every file's brotli -11, four at a time on libuv's pool (as the plugin compresses them). */
async function brotliFloor(dir: string): Promise<void> {
  const files = walk(dir).filter((f) => !/^(sw\.js|workbox-.*\.js)$/.test(f))
  let next = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < files.length) {
        const data = readFileSync(join(dir, files[next++]))
        await brotliAsync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        })
      }
    }),
  )
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    return e.isDirectory() ? walk(dir, rel) : [rel]
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function time(fn: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

async function compare(label: string, dir: string) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'perfgate-sw-bench-cache-'))
  const rows: Array<[string, () => Promise<void>]> = [
    ['bare generateSW', () => bare(dir)],
    ['plugin, brotli cold (cache: false)', () => plugin(dir, { cache: false })],
    ['plugin, brotli cached', () => plugin(dir, { cache: cacheDir })],
    ['plugin, brotli: false', () => plugin(dir, { brotli: false })],
    // The floor of the cold row's extra work: brotli -11 of the same files, nothing else.
    ['brotli -11 of the files alone', () => brotliFloor(dir)],
  ]
  const times = rows.map(() => [] as number[])
  // One warm-up of each (module loading, Rollup and Babel JIT; fills the cache), then interleaved rounds.
  for (const [, fn] of rows) await fn()
  for (let i = 0; i < ROUNDS; i++) for (const [r, [, fn]] of rows.entries()) times[r].push(await time(fn))
  rmSync(cacheDir, { recursive: true, force: true })
  const base = median(times[0])
  process.stdout.write(`${label}\n`)
  for (const [r, [name]] of rows.entries()) {
    const m = median(times[r])
    process.stdout.write(`  ${name.padEnd(36)} ${m.toFixed(0).padStart(6)} ms  ${(m / base).toFixed(2)}×\n`)
  }
}

const root = mkdtempSync(join(tmpdir(), 'perfgate-sw-bench-'))
try {
  const appDist = await viteBuild(root)
  await compare(`fixture app (Vite build), median of ${ROUNDS}`, appDist)
  await compare(`8 MB folder (160 × 50 kB JS), median of ${ROUNDS}`, bigFolder(root))
} finally {
  rmSync(root, { recursive: true, force: true })
}
