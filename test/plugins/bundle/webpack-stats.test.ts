import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PluginOutput, RunReport } from '../../../core/model/types.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { toReportEntries } from '../../../core/run/metrics.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { statsModuleId } from '../../../plugins/bundle/webpack-stats.js'
import { makeReport } from '../../helpers/reports.js'
import { copyFixture, createTestContext } from './helpers.js'

// Real stats files and the folders they describe, from real webpack, rspack and Vite +
// rollup-plugin-webpack-stats builds (test/fixtures/bundle-webpack-stats/README.md says how they were made).
const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

let app: string
beforeAll(() => {
  const copy = copyFixture('bundle-webpack-stats')
  cleanups.push(copy.cleanup)
  app = copy.dir
})

async function collect(options: Record<string, unknown>) {
  const { ctx, logger, cleanup } = createTestContext(app)
  cleanups.push(cleanup)
  const raw = await bundlePlugin({ cache: false, images: { analyze: false }, ...options }).collect(ctx)
  return {
    output: validatePluginOutput('perfgate:bundle', raw),
    warnings: logger.lines.filter((l) => /warn/.test(l)),
  }
}

const metric = (output: PluginOutput, id: string) => output.metrics?.find((m) => m.id === id)
const duplicates = (output: PluginOutput) =>
  output.findings?.filter((f) => f.ruleId === 'bundle/duplicate-package') ?? []

interface RawModule {
  name: string
  size: number
  chunks: unknown[]
  modules?: RawModule[]
}

/** Bytes of a package folder's modules as the stats file lists them, read here independently. */
function statsBytes(file: string, dir: string): number {
  const stats = JSON.parse(readFileSync(join(app, file), 'utf8')) as { modules: RawModule[] }
  const placed = stats.modules.filter((m) => m.chunks.length > 0).flatMap((m) => m.modules ?? [m])
  return placed.filter((m) => m.name.startsWith(`./${dir}/`)).reduce((s, m) => s + m.size, 0)
}

function asReport(output: PluginOutput, commit: string): RunReport {
  const { metrics } = toReportEntries('perfgate:bundle', output, { pluginOutDir: '/o/bundle', outDir: '/o' })
  return makeReport({ commit, metrics })
}

describe('module data from a webpack 5 stats.json', () => {
  it('names the packages with their bytes as webpack counted them', async () => {
    const { output, warnings } = await collect({ dir: 'webpack/build', stats: 'webpack/stats.json' })
    expect(warnings).toEqual([])
    // Both copies of react-is (the top one inside webpack's concatenated entry module) count.
    const reactIs =
      statsBytes('webpack/stats.json', 'node_modules/react-is') +
      statsBytes('webpack/stats.json', 'node_modules/hoist-non-react-statics/node_modules/react-is')
    expect(reactIs).toBeGreaterThan(4000)
    expect(metric(output, 'bundle/package/react-is/rendered')?.value).toBe(reactIs)
    expect(metric(output, 'bundle/package/hoist-non-react-statics/rendered')?.value).toBe(
      statsBytes('webpack/stats.json', 'node_modules/hoist-non-react-statics/dist'),
    )
    expect(output.metrics?.filter((m) => m.id.startsWith('bundle/package/')).map((m) => m.id)).toHaveLength(2)
  })

  it('finds react-is bundled in two versions, with the bytes of the smaller copy wasted', async () => {
    const { output } = await collect({ dir: 'webpack/build', stats: 'webpack/stats.json' })
    const found = duplicates(output)
    expect(found).toHaveLength(1)
    // A webpack build is told webpack's fix, not Vite's.
    expect(found[0].help).toContain("resolve.alias: { 'react-is': path.resolve('node_modules/react-is') }")
    const top = statsBytes('webpack/stats.json', 'node_modules/react-is')
    const nested = statsBytes(
      'webpack/stats.json',
      'node_modules/hoist-non-react-statics/node_modules/react-is',
    )
    const wasted = `${(Math.min(top, nested) / 1000).toFixed(1)} kB wasted`
    expect(found[0].message).toMatch(
      /^react-is is bundled 2 times \(versions (16\.13\.1, 18\.3\.1|18\.3\.1, 16\.13\.1)\)/,
    )
    expect(found[0].message).toContain(wasted)
    expect(found[0].message).toContain('node_modules/hoist-non-react-statics/node_modules/react-is (')
  })

  it('shares the initial JavaScript among packages and the app’s modules, at the import that pulled each in', async () => {
    const { output } = await collect({ dir: 'webpack/build', stats: 'webpack/stats.json' })
    const js = metric(output, 'bundle/initial-js/brotli')!
    const parts = new Map((js.breakdown ?? []).map((p) => [p.key, p]))
    expect([...parts.keys()]).toEqual(
      expect.arrayContaining(['react-is', 'hoist-non-react-statics', 'src/index.js', 'src/greet.js']),
    )
    expect(parts.get('hoist-non-react-statics')?.location).toBe('src/index.js')
    // Up the issuer chain past the package's own modules (cjs/react-is.production.min.js ← index.js).
    expect(parts.get('react-is')?.location).toBe('src/index.js')
    // The lazy chunk is not initial.
    expect(parts.has('src/lazy.js')).toBe(false)
    // webpack's runtime modules are one part.
    expect([...parts.keys()].filter((k) => k.startsWith('webpack/'))).toEqual(['webpack/runtime'])
    const sum = (js.breakdown ?? []).reduce((s, p) => s + p.value, 0)
    expect(Math.abs(sum - (js.value ?? 0))).toBeLessThanOrEqual(parts.size)
    // The package outweighs the app's own code in the chunk, so its share is larger.
    expect(parts.get('hoist-non-react-statics')!.value).toBeGreaterThan(parts.get('src/index.js')!.value)
  })

  it('reads chunks[].modules when the stats have no top-level modules', async () => {
    const stats = JSON.parse(readFileSync(join(app, 'webpack/stats.json'), 'utf8'))
    delete stats.modules
    writeFileSync(join(app, 'webpack/chunk-modules.json'), JSON.stringify(stats))
    const { output } = await collect({ dir: 'webpack/build', stats: 'webpack/chunk-modules.json' })
    const { output: full } = await collect({ dir: 'webpack/build', stats: 'webpack/stats.json' })
    expect(metric(output, 'bundle/package/react-is/rendered')?.value).toBe(
      metric(full, 'bundle/package/react-is/rendered')?.value,
    )
    expect(duplicates(output)).toHaveLength(1)
  })

  it('reads, of a multi-compiler stats file, the compilations that emitted into dir', async () => {
    // What `webpack --json` writes for an array config: the real webpack stats beside another compilation's.
    const read = (file: string) => JSON.parse(readFileSync(join(app, file), 'utf8'))
    const other = read('vite/build/webpack-stats.json')
    // Another compilation may emit a file of the same name elsewhere: its output folder tells them apart.
    other.outputPath = join(app, 'elsewhere')
    other.assets.push({ name: 'index.html', size: 1 })
    const client = { ...read('webpack/stats.json'), outputPath: join(app, 'webpack/build') }
    const multi = { version: '5.113.0', children: [other, client] }
    writeFileSync(join(app, 'webpack/multi.json'), JSON.stringify(multi))
    const { output, warnings } = await collect({ dir: 'webpack/build', stats: 'webpack/multi.json' })
    expect(warnings).toEqual([])
    expect(metric(output, 'bundle/package/react-is/rendered')?.value).toBe(
      statsBytes('webpack/stats.json', 'node_modules/react-is') +
        statsBytes('webpack/stats.json', 'node_modules/hoist-non-react-statics/node_modules/react-is'),
    )
  })

  it('says which package is new since the baseline', async () => {
    const plugin = bundlePlugin({ cache: false })
    const { output: before } = await collect({ dir: 'webpack/build', stats: 'webpack/stats.json' })
    const { output: after } = await collect({ dir: 'webpack-dayjs/build', stats: 'webpack-dayjs/stats.json' })
    const derived = await plugin.derive!(asReport(after, 'head'), asReport(before, 'base'), {} as never)
    expect(derived.metrics?.find((m) => m.id === 'bundle/packages/new')?.value).toBe(1)
    expect(derived.findings?.map((f) => f.message)).toContain(
      'New npm package in the bundle since the baseline: dayjs.',
    )
  })

  it('ignores the stats of another build with a warning', async () => {
    const { output, warnings } = await collect({ dir: 'webpack/build', stats: 'webpack-dayjs/stats.json' })
    expect(warnings.join('\n')).toMatch(
      /Ignoring stale .*webpack-dayjs\/stats\.json: it describes another build/,
    )
    expect(warnings.join('\n')).toContain('main.303ff61353905b57e505.js')
    expect(output.metrics?.some((m) => m.id.startsWith('bundle/package/'))).toBe(false)
    expect(duplicates(output)).toEqual([])
    // Sizes are still measured, each file by its path.
    expect(metric(output, 'bundle/initial-js/brotli')?.breakdown?.map((p) => p.key)).toEqual(['main.*.js'])
  })
})

describe('other writers of webpack-shaped stats', () => {
  it('reads rspack’s stats the same way', async () => {
    const { output, warnings } = await collect({ dir: 'rspack/build', stats: 'rspack/stats.json' })
    expect(warnings).toEqual([])
    expect(duplicates(output)[0]?.message).toMatch(/^react-is is bundled 2 times/)
    const keys = metric(output, 'bundle/initial-js/brotli')?.breakdown?.map((p) => p.key)
    expect(keys).toEqual(expect.arrayContaining(['react-is', 'hoist-non-react-statics', 'src/greet.js']))
  })

  it('finds rollup-plugin-webpack-stats’ file in the built folder by default (Vite)', async () => {
    const { output, warnings } = await collect({ dir: 'vite/build' })
    expect(warnings).toEqual([])
    expect(duplicates(output)[0]?.message).toMatch(/^react-is is bundled 2 times/)
    const keys = metric(output, 'bundle/initial-js/brotli')?.breakdown?.map((p) => p.key)
    expect(keys).toEqual(expect.arrayContaining(['react-is', 'hoist-non-react-statics', 'src/index.js']))
    // `stats: false` turns the lookup off.
    const { output: off } = await collect({ dir: 'vite/build', stats: false })
    expect(duplicates(off)).toEqual([])
  })
})

describe('a stats file that cannot be used', () => {
  it('fails naming the file, the option and how to write it when the named file is missing', async () => {
    const promise = collect({ dir: 'webpack/build', stats: 'nope/stats.json' })
    await expect(promise).rejects.toMatchObject({ code: 'USAGE' })
    await expect(promise).rejects.toThrow(
      /nope\/stats\.json \(option `stats` of bundlePlugin\(\)\) does not exist/,
    )
    await expect(promise).rejects.toHaveProperty('hint', expect.stringContaining('webpack --json stats.json'))
  })

  it('fails on a file that is not stats JSON (build logs redirected into it)', async () => {
    const stats = readFileSync(join(app, 'webpack/stats.json'), 'utf8')
    writeFileSync(join(app, 'webpack/logged.json'), `asset main.js 6.39 KiB [emitted]\n${stats}`)
    const promise = collect({ dir: 'webpack/build', stats: 'webpack/logged.json' })
    await expect(promise).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    await expect(promise).rejects.toThrow(
      /logged\.json \(option `stats` of bundlePlugin\(\)\) is not a readable stats file/,
    )
    writeFileSync(join(app, 'webpack/errors-only.json'), '{"errors":[],"warnings":[]}')
    await expect(collect({ dir: 'webpack/build', stats: 'webpack/errors-only.json' })).rejects.toThrow(
      /has no `assets`, `chunks` and `modules`/,
    )
  })

  it('skips with a warning a file found by default that is not stats', async () => {
    const copy = copyFixture('bundle-webpack-stats')
    cleanups.push(copy.cleanup)
    writeFileSync(join(copy.dir, 'stats.json'), 'webpack 5.113.0 compiled successfully')
    const { ctx, logger, cleanup } = createTestContext(copy.dir)
    cleanups.push(cleanup)
    const output = await bundlePlugin({ cache: false, dir: 'webpack/build' }).collect(ctx)
    expect(logger.lines.join('\n')).toMatch(
      /Ignoring .*stats\.json \(found by default\) is not a readable stats file: .*Set `stats: false`/,
    )
    expect(output.metrics?.some((m) => m.id.startsWith('bundle/package/'))).toBe(false)
  })

  it('refuses viteData and stats together when the config loads', () => {
    expect(() => bundlePlugin({ viteData: '.perfgate/bundle.json', stats: 'stats.json' })).toThrow(
      /give either `viteData` .* or `stats`/,
    )
  })
})

describe('statsModuleId', () => {
  it('drops loaders, queries, the concatenation suffix and ./', () => {
    expect(statsModuleId('./node_modules/css-loader/dist/cjs.js!./src/a.css?inline')).toBe('src/a.css')
    expect(statsModuleId('./src/index.js + 4 modules')).toBe('src/index.js')
    expect(statsModuleId('.\\node_modules\\react-is\\index.js')).toBe('node_modules/react-is/index.js')
    expect(statsModuleId('webpack/runtime/load script')).toBe('webpack/runtime')
  })
})
