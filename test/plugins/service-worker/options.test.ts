import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isPerfgateError, type PerfgateError } from '../../../core/model/errors.js'
import { serviceWorkerPlugin } from '../../../plugins/service-worker/index.js'
import { serviceWorker } from '../../../plugins/service-worker/vite.js'
import { CLI, REPO_ROOT, tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

function rejected(make: () => unknown): PerfgateError {
  try {
    make()
  } catch (error) {
    if (isPerfgateError(error)) return error
    throw error
  }
  throw new Error('expected the options to be rejected')
}

describe('service-worker options', () => {
  it('fills the defaults', () => {
    const plugin = serviceWorkerPlugin()
    expect(plugin.name).toBe('perfgate:service-worker')
    expect(plugin.meta?.docs).toBe('https://github.com/perfgate/perfgate/blob/main/docs/service-worker.md')
    expect(serviceWorkerPlugin.schema.parse({})).toMatchObject({
      dir: 'dist',
      mode: 'generate',
      swDest: 'sw.js',
      maximumFileSizeToCacheInBytes: 2_097_152,
      navigateFallback: 'index.html',
      skipWaiting: false,
      clientsClaim: false,
      api: [],
    })
  })

  it('an unknown strategy name: exit 2, with the path and the five strategies', () => {
    const error = rejected(() =>
      serviceWorkerPlugin({
        runtimeCaching: [{ urlPattern: /\/img\//, handler: 'CacheFrist' as 'CacheFirst' }],
      }),
    )
    expect(error.code).toBe('CONFIG_INVALID')
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('runtimeCaching[0].handler')
    for (const name of ['CacheFirst', 'NetworkFirst', 'StaleWhileRevalidate', 'NetworkOnly', 'CacheOnly'])
      expect(error.message).toContain(name)
  })

  it('an unknown option names the closest one', () => {
    const error = rejected(() => serviceWorkerPlugin({ globPattern: ['**/*.js'] } as never))
    expect(error.message).toContain('globPattern: unknown option — did you mean "globPatterns"?')
  })

  it("Workbox's own config errors are caught at load, with the option's path", () => {
    const noName = rejected(() =>
      serviceWorkerPlugin({
        runtimeCaching: [
          { urlPattern: /\/img\//, handler: 'CacheFirst', options: { expiration: { maxEntries: 5 } } },
        ],
      }),
    )
    expect(noName.message).toMatch(/runtimeCaching\[0\]\.options\.cacheName: required with "expiration"/)
    const timeout = rejected(() =>
      serviceWorkerPlugin({
        runtimeCaching: [
          { urlPattern: /\/img\//, handler: 'CacheFirst', options: { networkTimeoutSeconds: 2 } },
        ],
      }),
    )
    expect(timeout.message).toMatch(
      /networkTimeoutSeconds: only NetworkFirst has a network timeout, not CacheFirst/,
    )
  })

  it('an API route must be a path prefix or an absolute URL prefix', () => {
    expect(rejected(() => serviceWorkerPlugin({ api: ['api/'] })).message).toMatch(
      /api\[0\]: a path prefix starting with "\/"/,
    )
    expect(() => serviceWorkerPlugin({ api: ['/api/', 'https://api.example.com/v1/'] })).not.toThrow()
  })

  it('the Vite integration takes the same options, but not dir or mode', () => {
    expect(serviceWorker({ api: ['/api/'] })).toMatchObject({
      name: 'perfgate:service-worker-vite',
      apply: 'build',
      enforce: 'post',
    })
    expect(rejected(() => serviceWorker({ dir: 'out' } as never)).message).toMatch(
      /"dir" and "mode" are not options here/,
    )
    expect(rejected(() => serviceWorker({ skipWaitin: true } as never)).message).toMatch(
      /did you mean "skipWaiting"/,
    )
  })

  it('through the CLI, a bad option in the config file exits 2 with one message', () => {
    const { dir, cleanup } = tempDir('perfgate-sw-config-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'dist'))
    const plugins = join(REPO_ROOT, 'dist/plugins/service-worker/index.js')
    writeFileSync(
      join(dir, 'perfgate.config.mjs'),
      `import { serviceWorkerPlugin } from ${JSON.stringify(plugins)}\nexport default { plugins: [serviceWorkerPlugin({ runtimeCaching: [{ urlPattern: /x/, handler: 'NetworkFrist' }] })] }\n`,
    )
    const result = spawnSync(process.execPath, [CLI, 'run', '--no-compare'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('runtimeCaching[0].handler')
    expect(result.stderr).not.toMatch(/\s+at /)
  })
})
