import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PerfgateError } from '../../../core/model/errors.js'
import { findBenchFiles } from '../../../plugins/bench/files.js'
import { relativeMarginOfError } from '../../../plugins/bench/findings.js'
import { resolveBenchOptions } from '../../../plugins/bench/options.js'
import { fileSlugs, slugify, uniqueSlugs } from '../../../plugins/bench/slug.js'
import { tempDir } from '../../helpers/paths.js'

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
      let error: unknown
      try {
        resolveBenchOptions(options as never)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(PerfgateError)
      expect((error as PerfgateError).code).toBe('CONFIG_INVALID')
    }
  })
})

describe('bench slugs and files', () => {
  it('makes metric-id pieces, unique within a list', () => {
    expect(slugify('Parse JSON (large)')).toBe('parse-json-large')
    expect(slugify('Crème brûlée')).toBe('creme-brulee')
    expect(uniqueSlugs(['a b', 'a-b', 'c'])).toEqual(['a-b', 'a-b-2', 'c'])
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

  it('computes the relative margin of error of run medians', () => {
    expect(relativeMarginOfError([10])).toBe(0)
    expect(relativeMarginOfError([10, 10, 10])).toBe(0)
    // mean 10, sd 1, n 4: t(3) 3.182 × 1/2 / 10 = 15.9 %
    expect(relativeMarginOfError([9, 11, 9, 11].map((v) => v))).toBeCloseTo(
      (100 * 3.182 * (Math.sqrt(4 / 3) / 2)) / 10,
      3,
    )
  })
})
