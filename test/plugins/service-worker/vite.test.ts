import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { type ServiceWorkerData, serviceWorkerPlugin } from '../../../plugins/service-worker/index.js'
import { serviceWorker } from '../../../plugins/service-worker/vite.js'
import { copyApp } from './helpers.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

type ViteModule = typeof import('vite')

async function build(plugins: Plugin[], outDir = 'dist', ssr?: string, vite?: ViteModule) {
  const app = copyApp('service-worker-app')
  cleanups.push(app.cleanup)
  const { build } = vite ?? (await import('vite'))
  await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, ...(ssr ? { ssr } : {}) },
    plugins,
  })
  return app.dir
}

describe('serviceWorker() for Vite', () => {
  it("generates into Vite's outDir after the bundle is written, precaching the whole build", async () => {
    const dir = await build([serviceWorker({ api: ['/api/'] })], 'public-build')
    const out = join(dir, 'public-build')
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['sw.js', 'index.html', 'manifest.webmanifest']))
    const run = await runPlugin(serviceWorkerPlugin({ dir: 'public-build', mode: 'check', api: ['/api/'] }), {
      cwd: dir,
    })
    expect(run.findings).toEqual([])
    const urls = (run.result.data as unknown as ServiceWorkerData).manifest.map((e) => e.url).sort()
    expect(urls).toEqual(expect.arrayContaining(['icon.svg', 'index.html', 'manifest.webmanifest']))
    expect(urls.some((u) => /^assets\/index-.+\.js$/.test(u))).toBe(true)
  }, 60_000)

  it('runs after the closeBundle of plugins placed before it; a file written later is caught by check mode', async () => {
    const early: Plugin = {
      name: 'test:early-writer',
      closeBundle() {
        writeFileSync(join(this.environment.config.root, 'dist/early.js'), 'export {}\n')
      },
    }
    const late: Plugin = {
      name: 'test:late-writer',
      apply: 'build',
      enforce: 'post',
      closeBundle: {
        order: 'post',
        sequential: true,
        handler() {
          writeFileSync(join(this.environment.config.root, 'dist/late.js'), 'export {}\n')
        },
      },
    }
    const dir = await build([early, serviceWorker(), late])
    const run = await runPlugin(serviceWorkerPlugin({ mode: 'check' }), { cwd: dir })
    const urls = (run.result.data as unknown as ServiceWorkerData).manifest.map((e) => e.url)
    expect(urls).toContain('early.js')
    expect(urls).not.toContain('late.js')
    expect(run.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/file-not-precached',
        message: expect.stringContaining('late.js matches the precache globs'),
      }),
    ])
  }, 60_000)

  it('works on Vite 7 as well', async () => {
    const vite7 = (await import('vite7')) as unknown as ViteModule
    const dir = await build([serviceWorker({ api: ['/api/'] })], 'dist', undefined, vite7)
    const run = await runPlugin(serviceWorkerPlugin({ mode: 'check', api: ['/api/'] }), { cwd: dir })
    expect(run.findings).toEqual([])
    expect(run.metric('service-worker/precache/entries').value).toBeGreaterThanOrEqual(5)
  }, 60_000)

  it('skips SSR builds', async () => {
    const dir = await build([serviceWorker()], 'dist-ssr', 'src/message.js')
    expect(existsSync(join(dir, 'dist-ssr/sw.js'))).toBe(false)
  }, 60_000)
})
