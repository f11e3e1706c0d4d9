/**
 * perfgate/vite overhead: `vite build` of a generated 1,000-module app (900 modules in the entry's tree,
 * 10 lazily loaded trees of 10), on Vite 8 and Vite 7, side by side in one script:
 *   - plain build;
 *   - with perfgate/vite, compression cache off (every file compressed: a build whose every file changed);
 *   - with perfgate/vite, warm cache (no file changed since the last build);
 *   - with rollup-plugin-visualizer (gzip + brotli sizes), the tool users reach for today;
 *   - the floor: gzip-9 + brotli-11 of the emitted files in this thread, the least any tool reporting
 *     those sizes must spend.
 * Target: perfgate adds at most 10 % to the plain build. Builds log at Vite's default `info` level into
 * a discarding logger, so Vite's own reporting (its gzip column) is part of every build, as for a user.
 *
 *   npx jiti test/bench/vite.bench.ts [rounds]
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { visualizer } from 'rollup-plugin-visualizer'
import type { InlineConfig, Logger, PluginOption } from 'vite'
import { mulberry32 } from '../../core/compare/stats/random.js'
import { compressedSizeSync } from '../../core/toolkit/compressed-size.js'
import perfgate from '../../plugins/bundle/vite.js'

const ROUNDS = Number(process.argv[2]) || 7
const LAZY_TREES = 10
const LAZY_SIZE = 10
const MAIN_MODULES = 1000 - LAZY_TREES * LAZY_SIZE

type ViteModule = { build: (config: InlineConfig) => Promise<unknown>; version: string }

function moduleSource(name: string, i: number, deps: string[]): string {
  const lines = deps.map((d) => `import { ${d} } from './${d}.js'`)
  const body = Array.from({ length: 8 }, (_, k) => `  total += (x * ${k + i}) % ${97 + k}`).join('\n')
  lines.push(
    `export function ${name}(x) {\n  let total = ${i}\n${body}\n${deps.map((d) => `  total += ${d}(x + 1)`).join('\n')}\n  return \`${name}: \${total}\`\n}`,
  )
  return `${lines.join('\n')}\n`
}

/** A binary tree of `count` modules named `prefix0…`, rooted at `prefix0`. */
function writeTree(root: string, prefix: string, count: number) {
  for (let i = 0; i < count; i++) {
    const deps = [i * 2 + 1, i * 2 + 2].filter((d) => d < count).map((d) => `${prefix}${d}`)
    writeFileSync(join(root, `src/${prefix}${i}.js`), moduleSource(`${prefix}${i}`, i, deps))
  }
}

function generate(root: string) {
  mkdirSync(join(root, 'src'), { recursive: true })
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir')
  writeTree(root, 'm', MAIN_MODULES)
  const lazy: string[] = []
  for (let t = 0; t < LAZY_TREES; t++) {
    writeTree(root, `l${t}x`, LAZY_SIZE)
    lazy.push(`document.getElementById('v${t}').onclick = () => import('./l${t}x0.js')`)
  }
  writeFileSync(
    join(root, 'src/main.js'),
    `import { m0 } from './m0.js'\nimport dayjs from 'dayjs'\ndocument.body.textContent = m0(1) + dayjs(0).year()\n${lazy.join('\n')}\n`,
  )
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><body><script type="module" src="/src/main.js"></script></body></html>',
  )
}

const quietLogger: Logger = {
  info() {},
  warn() {},
  warnOnce() {},
  error() {},
  clearScreen() {},
  hasErrorLogged: () => false,
  hasWarned: false,
}

async function timeBuild(vite: ViteModule, root: string, plugins: PluginOption[]): Promise<number> {
  const started = performance.now()
  await vite.build({
    root,
    configFile: false,
    logLevel: 'info',
    customLogger: quietLogger,
    build: { outDir: 'dist', emptyOutDir: true },
    plugins,
  })
  return performance.now() - started
}

function timeFloor(root: string): number {
  const dist = join(root, 'dist')
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)))
  const started = performance.now()
  for (const file of files) compressedSizeSync(file)
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function benchVite(label: string, vite: ViteModule) {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-vite-bench-'))
  try {
    generate(root)
    const variants: Array<[string, () => PluginOption[]]> = [
      ['plain vite build', () => []],
      ['+ perfgate/vite (no cache: every file new)', () => [perfgate({ table: false, cache: false })]],
      [
        '+ perfgate/vite (warm cache: no file changed)',
        () => [perfgate({ table: false, cache: join(root, 'cache') })],
      ],
      [
        '+ rollup-plugin-visualizer (gzip+brotli)',
        () => [
          visualizer({
            filename: join(root, 'stats.html'),
            gzipSize: true,
            brotliSize: true,
          }) as PluginOption,
        ],
      ],
    ]
    await timeBuild(vite, root, []) // warm-up
    const times = new Map<string, number[]>(variants.map(([name]) => [name, []]))
    const floor: number[] = []
    const random = mulberry32(ROUNDS)
    for (let r = 0; r < ROUNDS; r++) {
      // A new random order every round: a build is slowed by what ran before it (threads ending,
      // garbage left by the visualizer), so no variant may always follow the same one.
      const order = variants.map((_v, i) => i)
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      for (const k of order) {
        const [name, plugins] = variants[k]
        times.get(name)!.push(await timeBuild(vite, root, plugins()))
        if (name === 'plain vite build') floor.push(timeFloor(root))
      }
    }
    const plain = median(times.get('plain vite build')!)
    const files = readdirSync(join(root, 'dist/assets')).filter((f) => f.endsWith('.js'))
    console.log(
      `\n${label} (vite ${vite.version}): 1,000 modules → ${files.length} JS files, median of ${ROUNDS} builds`,
    )
    const row = (name: string, ms: number) =>
      console.log(
        `${name.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms  ${(((ms - plain) / plain) * 100).toFixed(1).padStart(7)} %`,
      )
    for (const [name] of variants) row(name, median(times.get(name)!))
    row('floor: gzip-9 + brotli-11 of dist, no build', plain + median(floor))
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await benchVite('Vite 8', (await import('vite')) as unknown as ViteModule)
await benchVite('Vite 7', (await import('vite7')) as unknown as ViteModule)
