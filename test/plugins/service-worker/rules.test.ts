import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { toReportEntries } from '../../../core/run/metrics.js'
import { type PluginRun, runPlugin } from '../../../core/testing/index.js'
import {
  type ServiceWorkerData,
  type ServiceWorkerOptions,
  serviceWorkerPlugin,
} from '../../../plugins/service-worker/index.js'
import { RULES, type RuleId } from '../../../plugins/service-worker/rules.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { BASE_FILES, BASE_HTML, BASE_MANIFEST, reportWith, workboxWorker, writeFiles } from './helpers.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

interface Folder {
  /** Files of dist/ (default the base folder); null: no dist/ at all. */
  files?: Record<string, string | Buffer> | null
  /** dist/sw.js; null: none. Default a clean hand-written Workbox worker. */
  worker?: string | null
  options?: ServiceWorkerOptions
}

/** Check mode on a built folder made by hand: the project's own worker, read and measured. */
async function check(folder: Folder = {}): Promise<PluginRun> {
  const { dir, cleanup } = tempDir('perfgate-sw-rules-')
  cleanups.push(cleanup)
  if (folder.files !== null) {
    const worker = folder.worker === undefined ? workboxWorker() : folder.worker
    writeFiles(join(dir, 'dist'), {
      ...(folder.files ?? BASE_FILES),
      ...(worker === null ? {} : { 'sw.js': worker }),
    })
  }
  const run = await runPlugin(serviceWorkerPlugin({ mode: 'check', api: ['/api/'], ...folder.options }), {
    cwd: dir,
  })
  expect(run.result.status, String(run.result.error)).toBe('ok')
  return run
}

/**
 * A check-mode run of a folder with a precached image, then derive() as the runner calls it after the
 * baseline lookup, against a baseline holding this run's own data as an older perfgate saved it (no
 * `sizing`: every file brotli-compressed) or as this one does.
 */
async function againstBaseline(savedBy: 'older' | 'this'): Promise<PluginRun> {
  const hero = { url: 'hero-Ab12Cd34.png', revision: null }
  const run = await check({
    files: { ...BASE_FILES, 'hero-Ab12Cd34.png': Buffer.alloc(4000, 7) },
    worker: workboxWorker({ manifest: [...BASE_MANIFEST, hero] }),
  })
  const plugin = serviceWorkerPlugin({ mode: 'check', api: ['/api/'] })
  const data = run.result.data as unknown as ServiceWorkerData
  const { sizing: _, ...older } = data
  const output = await plugin.derive?.(reportWith(data), reportWith(savedBy === 'older' ? older : data), {
    cwd: '.',
    logger: createMemoryLogger(),
  })
  const entries = toReportEntries(
    plugin.name,
    { findings: output?.findings },
    { pluginOutDir: '', outDir: '' },
    plugin.meta,
  )
  return { ...run, findings: [...run.findings, ...entries.findings] }
}

const big = (n: number) => `/* ${'y'.repeat(n)} */\n`
const route = (strategy: string, options: string, method?: string) =>
  `registerRoute(/\\/data\\//, new ${strategy}(${options})${method ? `, '${method}'` : ''})`

/** A server on 127.0.0.1 answering every path with the given Cache-Control per path. */
async function headerServer(headers: (path: string) => string) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'cache-control': headers(req.url ?? '/') })
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

interface RuleCase {
  valid: () => Promise<PluginRun>
  invalid: () => Promise<PluginRun>
  severity: 'error' | 'warning'
  message: RegExp
  /** Findings of the rule in the invalid case (default 1); the first is checked. */
  count?: number
}

const CASES: Record<RuleId, RuleCase> = {
  'service-worker/sizing-changed': {
    valid: () => againstBaseline('this'),
    invalid: () => againstBaseline('older'),
    severity: 'warning',
    message:
      /1 of them \(images, WOFF\/WOFF2, media…\) are now counted at their raw size, as servers send them\. service-worker\/precache\/brotli is therefore not compared/,
  },
  'service-worker/no-build': {
    valid: () => check(),
    invalid: () => check({ files: null }),
    severity: 'error',
    message: /built folder dist\/ does not exist/,
  },
  'service-worker/worker-missing': {
    valid: () => check(),
    invalid: () => check({ worker: null }),
    severity: 'error',
    message: /Check mode: dist\/sw\.js does not exist/,
  },
  'service-worker/not-workbox': {
    valid: () => check(),
    invalid: () =>
      check({
        worker: "self.addEventListener('fetch', (event) => event.respondWith(fetch(event.request)))\n",
      }),
    severity: 'error',
    message: /dist\/sw\.js is not a Workbox worker/,
  },
  'service-worker/manifest-not-injected': {
    valid: () => check(),
    invalid: () =>
      check({
        worker:
          "import { precacheAndRoute } from 'workbox-precaching'\nprecacheAndRoute(self.__WB_MANIFEST)\n",
      }),
    severity: 'error',
    message: /still holds self\.__WB_MANIFEST/,
  },
  'service-worker/glob-matched-nothing': {
    valid: () => check({ options: { globPatterns: ['**/*.{js,css,html,webmanifest}'] } }),
    invalid: () => check({ options: { globPatterns: ['**/*.{js,css,html,webmanifest}', 'dits/**/*.png'] } }),
    severity: 'warning',
    message: /glob "dits\/\*\*\/\*\.png" matched no file in dist\//,
  },
  'service-worker/file-too-large': {
    valid: () => check({ options: { maximumFileSizeToCacheInBytes: 10_000 } }),
    // The entry chunk is over the limit and, as Workbox does, left out of the manifest.
    invalid: () =>
      check({
        files: { ...BASE_FILES, 'assets/index-B3x9aK2f.js': big(20_000) },
        worker: workboxWorker({ manifest: BASE_MANIFEST.filter((e) => !e.url.endsWith('.js')) }),
        options: { maximumFileSizeToCacheInBytes: 10_000 },
      }),
    severity: 'error',
    message:
      /assets\/index-B3x9aK2f\.js \(20 kB\) is over maximumFileSizeToCacheInBytes \(10 kB\).*breaks offline/,
  },
  'service-worker/file-not-precached': {
    valid: () => check(),
    invalid: () => check({ files: { ...BASE_FILES, 'assets/late-D4e5F6g7.js': 'export {}\n' } }),
    severity: 'warning',
    message: /assets\/late-D4e5F6g7\.js matches the precache globs but is not in the worker's manifest/,
  },
  'service-worker/precached-file-missing': {
    valid: () => check(),
    invalid: () =>
      check({
        worker: workboxWorker({
          manifest: [...BASE_MANIFEST, { url: 'assets/gone-Q1w2E3r4.js', revision: null }],
        }),
      }),
    severity: 'error',
    message: /precaches assets\/gone-Q1w2E3r4\.js, which is not in dist\/: the worker's install fails/,
  },
  'service-worker/unhashed-without-revision': {
    valid: () => check(),
    invalid: () =>
      check({
        files: { ...BASE_FILES, 'logo.svg': '<svg/>' },
        worker: workboxWorker({ manifest: [...BASE_MANIFEST, { url: 'logo.svg', revision: null }] }),
      }),
    severity: 'warning',
    message: /revision null but no content hash in the name: logo\.svg/,
  },
  'service-worker/fallback-not-precached': {
    valid: () => check(),
    invalid: () =>
      check({
        worker: workboxWorker({ manifest: BASE_MANIFEST.filter((e) => e.url !== 'index.html') }),
        options: { globPatterns: ['**/*.{js,css,webmanifest}'] },
      }),
    severity: 'error',
    message: /navigation fallback "index\.html" is not precached/,
  },
  'service-worker/fallback-without-denylist': {
    valid: () => check(),
    invalid: () =>
      check({
        worker: workboxWorker({
          navigation: "registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')))",
        }),
      }),
    severity: 'warning',
    message: /navigation fallback answers \/api\//,
  },
  'service-worker/cache-first-without-expiration': {
    valid: () =>
      check({
        worker: workboxWorker({
          routes: [
            route('CacheFirst', "{ cacheName: 'data', plugins: [new ExpirationPlugin({ maxEntries: 9 })] }"),
          ],
        }),
      }),
    invalid: () =>
      check({ worker: workboxWorker({ routes: [route('CacheFirst', "{ cacheName: 'data' }")] }) }),
    severity: 'warning',
    message: /CacheFirst route for \/\\\/data\\\/\/ has no expiration/,
  },
  'service-worker/expiration-without-cache-name': {
    valid: () =>
      check({
        worker: workboxWorker({
          routes: [
            route('CacheFirst', "{ cacheName: 'data', plugins: [new ExpirationPlugin({ maxEntries: 9 })] }"),
          ],
        }),
      }),
    invalid: () =>
      check({
        worker: workboxWorker({
          routes: [route('CacheFirst', '{ plugins: [new ExpirationPlugin({ maxEntries: 9 })] }')],
        }),
      }),
    severity: 'warning',
    message: /has expiration but no cacheName/,
  },
  'service-worker/network-first-without-timeout': {
    valid: () => check(),
    invalid: () =>
      check({ worker: workboxWorker({ routes: [route('NetworkFirst', "{ cacheName: 'data' }")] }) }),
    severity: 'warning',
    message: /NetworkFirst route for .* has no networkTimeoutSeconds/,
  },
  'service-worker/non-get-cached': {
    valid: () => check({ worker: workboxWorker({ routes: [route('NetworkOnly', '', 'POST')] }) }),
    invalid: () =>
      check({
        worker: workboxWorker({
          routes: [route('NetworkFirst', "{ cacheName: 'data', networkTimeoutSeconds: 2 }", 'POST')],
        }),
      }),
    severity: 'error',
    message: /caches POST requests/,
  },
  'service-worker/map-or-compressed-precached': {
    valid: () => check({ files: { ...BASE_FILES, 'assets/index-B3x9aK2f.js.map': '{}' } }),
    invalid: () =>
      check({
        files: { ...BASE_FILES, 'assets/index-B3x9aK2f.js.map': '{}', 'assets/index-B3x9aK2f.js.br': 'br' },
        worker: workboxWorker({
          manifest: [
            ...BASE_MANIFEST,
            { url: 'assets/index-B3x9aK2f.js.map', revision: null },
            { url: 'assets/index-B3x9aK2f.js.br', revision: null },
          ],
        }),
      }),
    severity: 'warning',
    message: /files no page loads: assets\/index-B3x9aK2f\.js\.map, assets\/index-B3x9aK2f\.js\.br/,
  },
  'service-worker/long-cache-header': {
    valid: () =>
      check({
        files: {
          ...BASE_FILES,
          _headers:
            '/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n/sw.js\n  Cache-Control: no-cache\n',
        },
      }),
    invalid: () =>
      check({
        files: {
          ...BASE_FILES,
          _headers: '# everything, for a year\n/*\n  Cache-Control: public, max-age=31536000, immutable\n',
        },
      }),
    severity: 'error',
    // The worker (error), then index.html, `/` and the web manifest (warnings).
    count: 4,
    message: /dist\/_headers serves \/sw\.js \(the service worker\) with `immutable`: rule "\/\*"/,
  },
  'service-worker/url-unreachable': {
    valid: async () => check({ options: { url: await headerServer(() => 'no-cache') } }),
    invalid: async () => {
      // A port that was free a moment ago: nothing listens on it.
      const url = await headerServer(() => 'no-cache')
      cleanups.pop()?.()
      await new Promise((resolve) => setTimeout(resolve, 50))
      return check({ options: { url } })
    },
    severity: 'warning',
    message: /Could not check the headers of http:\/\/127\.0\.0\.1:\d+\/sw\.js/,
  },
}

describe('service-worker rules', () => {
  it('a clean built folder and worker: no findings, and the precache measured', async () => {
    const run = await check()
    expect(run.findings).toEqual([])
    expect(run.metric('service-worker/precache/entries').value).toBe(BASE_MANIFEST.length)
    const bytes = Object.entries(BASE_FILES).reduce((sum, [, content]) => sum + Buffer.byteLength(content), 0)
    expect(run.metric('service-worker/precache/bytes').value).toBe(bytes)
    expect(run.metric('service-worker/routes').value).toBe(2)
  })

  it('every rule has a case here and a heading in docs/service-worker.md', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs/service-worker.md'), 'utf8')
    for (const id of Object.keys(RULES)) {
      expect(Object.keys(CASES)).toContain(id)
      expect(docs).toContain(`\n### ${id}\n`)
    }
  })

  describe.each(Object.entries(CASES))('%s', (ruleId, rule) => {
    it('valid: not reported', async () => {
      const run = await rule.valid()
      expect(run.findings.map((f) => f.ruleId)).not.toContain(ruleId)
    })
    it('invalid: reported, with its severity and docs', async () => {
      const run = await rule.invalid()
      const found = run.findings.filter((f) => f.ruleId === ruleId)
      expect(found, JSON.stringify(run.findings, null, 2)).toHaveLength(rule.count ?? 1)
      expect(found[0].severity).toBe(rule.severity)
      expect(found[0].message).toMatch(rule.message)
      expect(found[0].docs).toBe(
        `https://github.com/perfgate/perfgate/blob/main/docs/service-worker.md#${ruleId.replace('/', '')}`,
      )
    })
  })
})

describe('files the app needs to start', () => {
  // A file written after the worker: an error when a page loads it at start, else a warning.
  const late = async (tag: string) => {
    const html = BASE_HTML.replace('</body>', `${tag}</body>`)
    const run = await check({
      files: { ...BASE_FILES, 'index.html': html, 'assets/late-D4e5F6g7.js': 'export {}\n' },
    })
    return run.findings.filter((f) => f.ruleId === 'service-worker/file-not-precached').map((f) => f.severity)
  }

  it('a script whose attribute holds `>` is loaded at start', async () => {
    expect(await late('<script data-x="a>b" src="/assets/late-D4e5F6g7.js"></script>')).toEqual(['error'])
  })

  it('a script in <template> or <noscript> is not', async () => {
    expect(await late('<template><script src="/assets/late-D4e5F6g7.js"></script></template>')).toEqual([
      'warning',
    ])
    expect(
      await late('<noscript><link rel="preload" as="script" href="/assets/late-D4e5F6g7.js"></noscript>'),
    ).toEqual(['warning'])
  })
})

describe('a worker that cannot be read', () => {
  it("a sw.js that is an HTML page (a server's SPA fallback saved as the worker) is not-workbox, not a crash", async () => {
    const run = await check({ worker: '<!doctype html><html><body>app</body></html>' })
    expect(run.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/not-workbox',
        message: expect.stringMatching(/^dist\/sw\.js is not valid JavaScript: .*it is not a Workbox worker/),
      }),
    ])
  })
})

describe('headers', () => {
  it('a live URL: the worker served with a year of max-age is an error, the shell with no-cache is fine', async () => {
    const url = await headerServer((path) => (path === '/sw.js' ? 'public, max-age=31536000' : 'no-cache'))
    const run = await check({ options: { url } })
    const found = run.findings.filter((f) => f.ruleId === 'service-worker/long-cache-header')
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/sw\.js \(the service worker\) is served with max-age 31536000 s/),
      }),
    ])
  })

  it('a live URL: the manifest linked from index.html with immutable is a warning', async () => {
    const url = await headerServer((path) =>
      path === '/manifest.webmanifest' ? 'max-age=60, immutable' : 'no-cache',
    )
    const run = await check({ options: { url } })
    expect(run.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/long-cache-header',
        severity: 'warning',
        message: expect.stringMatching(/the web manifest/),
      }),
    ])
  })

  it('an nginx config: a regex location for .js with a year of max-age catches the worker, unless `location = /sw.js` wins', async () => {
    const conf = (extra: string) =>
      `server {\n  listen 8080;\n  root /srv/app;\n  location / { try_files $uri /index.html; }\n${extra}  location ~* \\.(js|css)$ {\n    expires 1y;\n    add_header Cache-Control "public, immutable";\n  }\n}\n`
    const invalid = await check({
      files: { ...BASE_FILES, 'nginx.conf': conf('') },
      options: { serverConfigs: ['dist/nginx.conf'] },
    })
    expect(invalid.findings).toEqual([
      expect.objectContaining({
        ruleId: 'service-worker/long-cache-header',
        severity: 'error',
        file: 'dist/nginx.conf',
        line: 7,
        message: expect.stringContaining(
          'serves /sw.js (the service worker) with `immutable`: location ~* \\.(js|css)$',
        ),
      }),
    ])
    const valid = await check({
      files: {
        ...BASE_FILES,
        'nginx.conf': conf('  location = /sw.js { add_header Cache-Control "no-cache"; }\n'),
      },
      options: { serverConfigs: ['dist/nginx.conf'] },
    })
    expect(valid.findings).toEqual([])
  })
})
