import { afterAll, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { bundlePlugin } from '../../../plugins/bundle/index.js'
import perfgate from '../../../plugins/bundle/vite.js'
import { captureLogger, copyFixture, createTestContext } from './helpers.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

it('finds a package bundled in two versions and the bytes wasted', async () => {
  const app = copyFixture('bundle-duplicate-packages')
  cleanups.push(app.cleanup)
  const vite = await import('vite')
  await vite.build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    customLogger: captureLogger().logger,
    build: { outDir: 'dist', emptyOutDir: true },
    plugins: [perfgate({ treemap: false, cache: false })],
  })
  const { ctx, cleanup } = createTestContext(app.dir)
  cleanups.push(cleanup)
  const output = validatePluginOutput('perfgate:bundle', await bundlePlugin({ cache: false }).collect(ctx))
  const duplicates = output.findings?.filter((f) => f.ruleId === 'bundle/duplicate-package') ?? []
  expect(duplicates).toHaveLength(1)
  expect(duplicates[0].message).toMatch(
    /^tiny-lib is bundled 2 times \(versions (1\.0\.0, 2\.0\.0|2\.0\.0, 1\.0\.0)\): \d/,
  )
  expect(duplicates[0].message).toContain('node_modules/other-lib/node_modules/tiny-lib')
  expect(duplicates[0].help).toContain('npm ls tiny-lib')
  expect(output.metrics?.map((m) => m.id)).toEqual(
    expect.arrayContaining(['bundle/package/tiny-lib/rendered', 'bundle/package/other-lib/rendered']),
  )
}, 30_000)
