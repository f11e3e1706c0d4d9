/**
 * perfgate/vite overhead: `vite build` of a generated 1,000-module app, plain, with perfgate/vite
 * (treemap off and on, compression cache off so every build compresses), and with rollup-plugin-visualizer
 * (gzip + brotli sizes), side by side. Target: perfgate adds at most 10 % to the plain build.
 *
 *   npx jiti test/bench/vite.bench.ts [rounds]
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { visualizer } from 'rollup-plugin-visualizer'
import { build, type PluginOption } from 'vite'
import perfgate from '../../plugins/bundle/vite.js'

const MODULES = 1000
const ROUNDS = Number(process.argv[2]) || 3
const root = mkdtempSync(join(tmpdir(), 'perfgate-vite-bench-'))

function generate() {
  mkdirSync(join(root, 'src'), { recursive: true })
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir')
  for (let i = 0; i < MODULES; i++) {
    const deps = [i * 2 + 1, i * 2 + 2].filter((d) => d < MODULES)
    const lines = deps.map((d) => `import { m${d} } from './m${d}.js'`)
    const body = Array.from({ length: 8 }, (_, k) => `  total += (x * ${k + i}) % ${97 + k}`).join('\n')
    lines.push(
      `export function m${i}(x) {\n  let total = ${i}\n${body}\n${deps.map((d) => `  total += m${d}(x + 1)`).join('\n')}\n  return \`module ${i}: \${total}\`\n}`,
    )
    writeFileSync(join(root, `src/m${i}.js`), `${lines.join('\n')}\n`)
  }
  // Every 100th module is also loaded lazily, so there are several chunks.
  const lazy = Array.from(
    { length: 10 },
    (_, k) => `document.body.onclick = () => import('./m${k * 100 + 50}.js')`,
  )
  writeFileSync(
    join(root, 'src/main.js'),
    `import { m0 } from './m0.js'\nimport dayjs from 'dayjs'\ndocument.body.textContent = m0(1) + dayjs(0).year()\n${lazy.join('\n')}\n`,
  )
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><body><script type="module" src="/src/main.js"></script></body></html>',
  )
}

async function timeBuild(plugins: PluginOption[]): Promise<number> {
  const started = performance.now()
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: 'dist', emptyOutDir: true },
    plugins,
  })
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

try {
  generate()
  const variants: Array<[string, () => PluginOption[]]> = [
    ['plain vite build', () => []],
    ['+ perfgate/vite (treemap off)', () => [perfgate({ treemap: false, table: false, cache: false })]],
    [
      '+ perfgate/vite (treemap off, warm cache)',
      () => [perfgate({ treemap: false, table: false, cache: join(root, 'cache') })],
    ],
    ['+ perfgate/vite (default: treemap on)', () => [perfgate({ table: false, cache: false })]],
    [
      '+ rollup-plugin-visualizer (gzip+brotli)',
      () => [
        visualizer({ filename: join(root, 'stats.html'), gzipSize: true, brotliSize: true }) as PluginOption,
      ],
    ],
  ]
  await timeBuild([]) // warm-up
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]))
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, plugins] of variants) times.get(name)!.push(await timeBuild(plugins()))
  const plain = median(times.get('plain vite build')!)
  console.log(`${MODULES}-module app, median of ${ROUNDS} builds (vite ${(await import('vite')).version})`)
  for (const [name] of variants) {
    const ms = median(times.get(name)!)
    console.log(
      `${name.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  ${(((ms - plain) / plain) * 100).toFixed(1).padStart(6)} %`,
    )
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
