import { cpSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../../core/model/errors.js'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { createTestContext, walk } from './helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

/** A hand-made static site (not Vite): the plugin measures any built folder. */
async function staticSite() {
  const { dir, cleanup } = tempDir('perfgate-bundle-site-')
  cleanups.push(cleanup)
  mkdirSync(join(dir, 'dist/img'), { recursive: true })
  writeFileSync(
    join(dir, 'dist/index.html'),
    '<!doctype html><script src="/app.js"></script><img src="img/logo.png">',
  )
  const unminified = Array.from(
    { length: 120 },
    (_, i) => `function f${i}(a) {\n  return a + ${i}\n}\n`,
  ).join('')
  writeFileSync(join(dir, 'dist/app.js'), unminified)
  cpSync(fixture('bundle-vite-app/src/logo.png'), join(dir, 'dist/img/logo.png'))
  // Already as small as sharp makes it: must not be replaced by anything larger.
  const tight = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png({ compressionLevel: 9, palette: true })
    .toBuffer()
  writeFileSync(join(dir, 'dist/img/tight.png'), tight)
  writeFileSync(join(dir, 'dist/img/broken.png'), 'this is not a png')
  return dir
}

describe('bundlePlugin on any folder', () => {
  it('reports unminified JavaScript and images sharp would shrink; skips a corrupt image with a warning', async () => {
    const site = await staticSite()
    const { ctx, logger, cleanup } = createTestContext(site)
    cleanups.push(cleanup)
    const output = validatePluginOutput('perfgate:bundle', await bundlePlugin({ cache: false }).collect(ctx))
    const rules = output.findings?.map((f) => `${f.ruleId} ${f.file}`)
    expect(rules).toContain('bundle/unminified-js app.js')
    expect(rules).toContain('bundle/image-could-shrink img/logo.png')
    expect(rules).not.toContain('bundle/image-could-shrink img/tight.png')
    expect(logger.lines.join('\n')).toMatch(/warn.*Skipping image img\/broken\.png/)
    expect(output.metrics?.find((m) => m.id === 'bundle/initial-js/raw')?.value).toBe(
      statSync(join(site, 'dist/app.js')).size,
    )
  })

  it('optimises images without ever growing one, and precompresses text files', async () => {
    const site = await staticSite()
    const dist = join(site, 'dist')
    const before = new Map(walk(dist).map((f) => [f, statSync(join(dist, f)).size]))
    const { ctx, cleanup } = createTestContext(site)
    cleanups.push(cleanup)
    const output = validatePluginOutput(
      'perfgate:bundle',
      await bundlePlugin({ cache: false, images: { optimize: true }, precompress: true }).collect(ctx),
    )
    for (const image of ['img/logo.png', 'img/tight.png', 'img/broken.png'])
      expect(statSync(join(dist, image)).size).toBeLessThanOrEqual(before.get(image)!)
    const saved = before.get('img/logo.png')! - statSync(join(dist, 'img/logo.png')).size
    expect(saved).toBeGreaterThan(0)
    expect(output.metrics?.find((m) => m.id === 'bundle/optimizer/images-saved')?.value).toBe(saved)
    for (const file of ['index.html', 'app.js']) {
      const original = readFileSync(join(dist, file))
      expect(gunzipSync(readFileSync(join(dist, `${file}.gz`)))).toEqual(original)
      expect(brotliDecompressSync(readFileSync(join(dist, `${file}.br`)))).toEqual(original)
    }
    // The .gz/.br copies are alternates, not more bytes of the bundle.
    const total = ['index.html', 'app.js', 'img/logo.png', 'img/tight.png', 'img/broken.png']
      .map((f) => statSync(join(dist, f)).size)
      .reduce((a, b) => a + b)
    expect(output.metrics?.find((m) => m.id === 'bundle/total/raw')?.value).toBe(total)
  })
})

describe('bad input', () => {
  it.each([
    ['missing', false],
    ['empty', true],
  ])('a %s dir is a usage error (exit 2) naming it and the build command', async (_label, create) => {
    const { dir, cleanup } = tempDir('perfgate-bundle-bad-')
    cleanups.push(cleanup)
    if (create) mkdirSync(join(dir, 'build'))
    const { ctx, cleanup: done } = createTestContext(dir)
    cleanups.push(done)
    const error = await Promise.resolve(
      bundlePlugin({ dir: 'build', buildCommand: 'vite build' }).collect(ctx),
    ).catch((e: unknown) => e)
    expect(isPerfgateError(error) && error.exitCode).toBe(2)
    expect((error as Error).message).toContain(join(dir, 'build'))
    expect((error as { hint: string }).hint).toContain('`vite build`')
  })

  it('an unreadable file fails the plugin naming it', async () => {
    const { dir, cleanup } = tempDir('perfgate-bundle-bad-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist/index.html'), '<p>hi</p>')
    symlinkSync(join(dir, 'gone.js'), join(dir, 'dist/app.js'))
    const { ctx, cleanup: done } = createTestContext(dir)
    cleanups.push(done)
    await expect(Promise.resolve(bundlePlugin({ cache: false }).collect(ctx))).rejects.toThrow(
      `Cannot read ${join(dir, 'dist/app.js')}`,
    )
  })
})
