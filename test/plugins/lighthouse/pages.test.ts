import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PerfgateError } from '../../../core/model/errors.js'
import { checkDistDir, discoverPages, pageSlugs } from '../../../plugins/lighthouse/pages.js'
import { tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('lighthouse pages', () => {
  it('discovers at most the limit of HTML pages, shallowest and index first', async () => {
    const { dir, cleanup } = tempDir('perfgate-lh-pages-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'docs/deep'), { recursive: true })
    mkdirSync(join(dir, 'node_modules/x'), { recursive: true })
    for (const file of [
      'zeta.html',
      'index.html',
      'docs/index.html',
      'docs/a.html',
      'docs/deep/b.html',
      'node_modules/x/index.html',
      'app.js',
    ])
      writeFileSync(join(dir, file), '<!doctype html>')
    expect(await discoverPages(dir, 5)).toEqual([
      '/',
      '/zeta.html',
      '/docs/',
      '/docs/a.html',
      '/docs/deep/b.html',
    ])
    expect(await discoverPages(dir, 2)).toEqual(['/', '/zeta.html'])
  })

  it('names pages by path, `/` as home, unique in order', () => {
    expect(
      pageSlugs(['/', '/about.html', '/docs/intro/', 'https://example.com/about', '/index.html']),
    ).toEqual(['home', 'about', 'docs-intro', 'about-2', 'home-2'])
  })
})

describe('checkDistDir', () => {
  it('names the build command when the folder is not built yet', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const missing = join(dir, 'dist')
      const without = await checkDistDir(missing, dir).catch((e: PerfgateError) => e)
      expect(without).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 })
      expect((without as PerfgateError).message).toContain(`${missing} is not a folder`)
      expect((without as PerfgateError).hint).toContain('your build command')
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { build: 'vite build' } }))
      const withScript = await checkDistDir(missing, dir).catch((e: PerfgateError) => e)
      expect((withScript as PerfgateError).hint).toContain('`npm run build`')
    } finally {
      cleanup()
    }
  })
})
