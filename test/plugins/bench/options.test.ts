import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PerfgateError } from '../../../core/model/errors.js'
import { parseOptions } from '../../../core/plugin/index.js'
import { fileSlugs } from '../../../plugins/bench/file-slugs.js'
import { findBenchFiles } from '../../../plugins/bench/files.js'
import { benchPlugin } from '../../../plugins/bench/index.js'
import type { BenchOptions } from '../../../plugins/bench/options.js'
import { tempDir } from '../../helpers/paths.js'

const resolveBenchOptions = (options: BenchOptions) =>
  parseOptions('perfgate:bench', benchPlugin.schema, options)

function configError(options: unknown): PerfgateError {
  try {
    benchPlugin(options as BenchOptions)
  } catch (error) {
    if (error instanceof PerfgateError) return error
    throw error
  }
  throw new Error(`expected CONFIG_INVALID for ${JSON.stringify(options)}`)
}

describe('bench options', () => {
  it('fills the documented defaults', () => {
    const resolved = resolveBenchOptions({
      http: { command: 'node s.js', scenarios: [{ name: 'a', path: '/' }] },
    })
    expect(resolved).toMatchObject({
      files: ['**/*.bench.{js,mjs,ts}'],
      runs: 10,
      time: 250,
      maxRme: 10,
      disturbance: 1.2,
    })
    expect(resolved.http).toMatchObject({ readyPath: '/', readyTimeout: 30_000, runs: 3, warmup: 1 })
    expect(resolved.http?.scenarios[0]).toMatchObject({
      method: 'GET',
      connections: 10,
      duration: 3,
      expectStatus: null,
    })
    expect(resolved.imports).toEqual([])
    expect(
      resolveBenchOptions({ files: 'a.bench.ts', imports: [{ format: 'hyperfine', file: 'h.json' }] }),
    ).toMatchObject({
      files: ['a.bench.ts'],
      imports: [{ format: 'hyperfine', file: 'h.json', better: 'lower' }],
    })
    expect(resolveBenchOptions({ files: false }).files).toEqual([])
  })

  it('sends object bodies as JSON and normalises the method', () => {
    const resolved = resolveBenchOptions({
      http: {
        command: ['node'],
        scenarios: [{ name: 'e', method: 'post', path: '/e', body: { a: 1 }, expectStatus: 201 }],
      },
    })
    expect(resolved.http?.scenarios[0]).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      expectStatus: [201],
    })
  })

  it('rejects unknown options, bad numbers and duplicate scenario names as CONFIG_INVALID', () => {
    const bad = [
      { runs: 0 },
      { tme: 100 },
      { disturbance: 0.8 },
      { http: { command: 'x', scenarios: [] } },
      {
        http: {
          command: 'x',
          scenarios: [
            { name: 'a', path: '/' },
            { name: 'a', path: '/b' },
          ],
        },
      },
    ]
    for (const options of bad) {
      const error = configError(options)
      expect(error.code).toBe('CONFIG_INVALID')
      expect(error.exitCode).toBe(2)
      expect(error.message).toContain('Invalid options for perfgate:bench')
    }
    const burst = configError({
      http: { command: 'x', abDuration: 1, abWarmup: 1, scenarios: [{ name: 'a', path: '/' }] },
    })
    expect(burst.message).toContain('set http.abWarmup below http.abDuration')
  })

  it('names a misspelt option with the closest valid one, and a wrong type with its path, when the factory is called', () => {
    const typo = configError({ runz: 3 })
    expect(typo.message).toContain('runz: unknown option — did you mean "runs"?')
    const nested = configError({
      http: { command: 'x', readyTimeot: 5, scenarios: [{ name: 'a', path: '/' }] },
    })
    expect(nested.message).toContain('http.readyTimeot: unknown option — did you mean "readyTimeout"?')
    const inScenario = configError({
      http: { command: 'x', scenarios: [{ name: 'a', path: '/', methd: 'GET' }] },
    })
    expect(inScenario.message).toContain('http.scenarios[0].methd: unknown option — did you mean "method"?')
    const type = configError({ time: '250' })
    expect(type.message).toMatch(/time: .*expected number/i)
    const duplicate = configError({
      http: {
        command: 'x',
        scenarios: [
          { name: 'a', path: '/' },
          { name: 'a', path: '/b' },
        ],
      },
    })
    expect(duplicate.message).toContain('http.scenarios[1].name: "a" is already the name of another scenario')
  })
})

describe('bench slugs and files', () => {
  it('names files by their base name, by their path when two share one, and keeps `http` free', () => {
    const slugs = fileSlugs([
      'src/a/format.bench.ts',
      'src/b/format.bench.ts',
      'lib/sort.bench.mjs',
      'http.bench.js',
    ])
    expect([...slugs.values()]).toEqual(['src-a-format', 'src-b-format', 'sort', 'http-file'])
  })

  it('walks the tree with the globs, skipping node_modules, .git and dist', async () => {
    const { dir, cleanup } = tempDir()
    try {
      for (const file of [
        'a.bench.ts',
        'src/b.bench.mjs',
        'node_modules/x/c.bench.js',
        'dist/d.bench.js',
        'src/e.ts',
        'skip/f.bench.js',
      ]) {
        mkdirSync(join(dir, file, '..'), { recursive: true })
        writeFileSync(join(dir, file), '')
      }
      expect(await findBenchFiles(dir, ['**/*.bench.{js,mjs,ts}'], ['skip/**'])).toEqual([
        'a.bench.ts',
        'src/b.bench.mjs',
      ])
    } finally {
      cleanup()
    }
  })
})
