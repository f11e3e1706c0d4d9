import { describe, expect, it } from 'vitest'
import { bundleTarget, parseSizeLimit } from '../../../../core/config/migrate/index.js'
import { budgetsOf, noteKeys, translated, untranslatedKeys } from './fixtures.js'

// Real size-limit configs of public projects (test/fixtures/migrate/README.md).

describe('size-limit: real configs', () => {
  it('algolia/instantsearch (.size-limit.js): the UMD file in dist; the cjs and es folders are other built folders', async () => {
    const m = await translated('size-limit-algolia-instantsearch', '.size-limit.js')
    expect(m.bundle?.options).toEqual({ dir: 'dist' })
    // No package.json: read as size-limit 11 and later, brotli and 1 kB = 1000 bytes.
    expect(budgetsOf(m)).toEqual({ 'bundle/asset/instantsearch.production.min.js/brotli': { max: 80_000 } })
    expect(m.budgetMode?.value).toBe('absolute')
    expect(untranslatedKeys(m)).toEqual(['[1].path', '[2].path'])
    expect(m.untranslated[0].why).toMatch(/another built folder \(cjs\)/)
    expect(noteKeys(m)).toEqual(['(file)'])
  })

  it('7nohe/react-realtime-cursor (.size-limit.json, size-limit 8): gzip by default, bundled by preset-small-lib', async () => {
    const m = await translated('size-limit-7nohe-react-realtime-cursor', '.size-limit.json')
    expect(m.bundle?.options).toEqual({ dir: 'dist', compression: 'gzip' })
    const limit = { max: 10_000 } // "10 KB" in bytes-iec's metric units (size-limit 5 and later)
    expect(budgetsOf(m)).toEqual({
      'bundle/asset/firebase.js/gzip': limit,
      'bundle/asset/firebase.cjs/gzip': limit,
      'bundle/asset/amplify.js/gzip': limit,
      'bundle/asset/amplify.cjs/gzip': limit,
      'bundle/asset/supabase.js/gzip': limit,
      'bundle/asset/supabase.cjs/gzip': limit,
    })
    expect(untranslatedKeys(m)).toEqual([])
    expect(noteKeys(m)).toEqual(['[0].path', '[1].path', '[2].path', '[3].path', '[4].path', '[5].path'])
    expect(m.notes[0]).toMatchObject({ line: 2, why: expect.stringMatching(/@size-limit\/preset-small-lib/) })
  })

  it('getsentry/sentry-javascript (.size-limit.js): CDN bundles gzip and raw; named imports listed', async () => {
    const m = await translated('size-limit-getsentry-sentry-javascript', '.size-limit.js')
    expect(m.bundle?.options).toEqual({ dir: 'packages/browser/build' })
    expect(budgetsOf(m)).toEqual({
      'bundle/asset/bundles/bundle.min.js/gzip': { max: 27_500 },
      'bundle/asset/bundles/bundle.tracing.min.js/gzip': { max: 42_500 },
      'bundle/asset/bundles/bundle.min.js/raw': { max: 82_000 },
      'bundle/asset/bundles/bundle.tracing.min.js/raw': { max: 127_000 },
    })
    expect(untranslatedKeys(m)).toEqual(['[0].import', '[1].modifyWebpackConfig', '[1].import', '[6].import'])
  })

  it('nanostores/nanostores (package.json "size-limit"): only named imports, nothing to budget', async () => {
    const m = await translated('size-limit-nanostores-nanostores', 'package.json')
    expect(m.bundle).toBeUndefined()
    expect(m.budgets).toEqual([])
    expect(untranslatedKeys(m)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `size-limit[${i}].import`))
    expect(m.untranslated.map((n) => n.line)).toEqual([11, 18, 25, 32, 40, 48])
  })

  it('ai/nanoid (package.json, size-limit 0.8): a file at the root is not a built folder', async () => {
    const m = await translated('size-limit-ai-nanoid', 'package.json')
    expect(m.budgets).toEqual([])
    expect(m.untranslated).toEqual([
      expect.objectContaining({
        key: 'size-limit[0].path',
        line: 12,
        why: expect.stringMatching(/project's root/),
      }),
    ])
  })

  it('LottieFiles/dotlottie-web (.size-limit.js, ESM): one package folder, the others and the WASM glob listed', async () => {
    const m = await translated('size-limit-lottiefiles-dotlottie-web', '.size-limit.js')
    expect(m.bundle?.options).toEqual({ dir: 'packages/web/dist' })
    expect(m.budgets).toEqual([]) // no check has a limit
    expect(untranslatedKeys(m)).toEqual([
      '[1].modifyWebpackConfig',
      '[1].path',
      '[5].modifyWebpackConfig',
      '[2].path',
      '[3].path',
      '[4].path',
      '[5].path',
      '[6].path',
    ])
    expect(noteKeys(m)).toEqual(['(file)', '[0]'])
  })
})

describe('size-limit limits and paths', () => {
  it('reads kB as 1000 bytes from size-limit 5 on, and as 1024 before; KiB is 1024', () => {
    expect(parseSizeLimit('10 kB', 11)).toBe(10_000)
    expect(parseSizeLimit('10 KB', 8)).toBe(10_000)
    expect(parseSizeLimit('10 KiB', 11)).toBe(10_240)
    expect(parseSizeLimit('10 kB', 4)).toBe(10_240)
    expect(parseSizeLimit('260 B', 0)).toBe(260)
    expect(parseSizeLimit('24.1 KB', null)).toBe(24_100)
    expect(parseSizeLimit('1.5 MB', 11)).toBe(1_500_000)
    expect(parseSizeLimit('500 ms', 11)).toBeNull()
  })

  it('finds the built folder and the metric of a path or glob', () => {
    expect(bundleTarget('./dist/index.js', '/p')).toEqual({ dir: 'dist', metric: 'bundle/asset/index.js' })
    // Only some of build's JavaScript: bundle/js would count all of it.
    expect(bundleTarget('build/static/js/*.js', '/p')).toHaveProperty('reason')
    expect(bundleTarget('dist/**/*.{js,mjs,cjs}', '/p')).toEqual({ dir: 'dist', metric: 'bundle/js' })
    expect(bundleTarget('dist/**/*.js', '/p')).toMatchObject({
      metric: 'bundle/js',
      caveat: expect.stringMatching(/.mjs and .cjs/),
    })
    expect(bundleTarget('dist/assets/index-*.js', '/p')).toMatchObject({
      dir: 'dist',
      metric: 'bundle/asset/assets/index.js',
    })
    expect(bundleTarget('dist/assets/index-B3x9aK2f.js', '/p')).toEqual({
      dir: 'dist',
      metric: 'bundle/asset/assets/index.js',
    })
    expect(bundleTarget('/p/lib/a.js', '/p')).toEqual({ dir: 'lib', metric: 'bundle/asset/a.js' })
    expect(bundleTarget('index.js', '/p')).toHaveProperty('reason')
  })
})
