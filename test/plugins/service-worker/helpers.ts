import { cpSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { dirname, extname, join, normalize } from 'node:path'
import type { RunReport } from '../../../core/model/types.js'
import type { ServiceWorkerData } from '../../../plugins/service-worker/index.js'
import { fixture, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'

/** A fixture copied to a temp folder with node_modules linked to the repository's (for Vite). */
export function copyApp(name: string): { dir: string; cleanup: () => void } {
  const temp = tempDir('perfgate-sw-app-')
  cpSync(fixture(name), temp.dir, { recursive: true })
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(temp.dir, 'node_modules'), 'dir')
  return temp
}

/** Writes files (path → content) under a folder, creating parents: a built folder made by hand. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
}

/** A report whose service-worker plugin kept `data`, as report.json holds it. */
export function reportWith(data: Record<string, unknown> | ServiceWorkerData | undefined): RunReport {
  return makeReport({
    plugins: [
      {
        name: 'perfgate:service-worker',
        status: 'ok',
        durationMs: 1,
        ...(data ? { data: data as Record<string, unknown> } : {}),
      },
    ],
  })
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
}

export interface CountingServer {
  url: string
  /** Every response body sent since the last reset: path and bytes. */
  sent: Array<{ path: string; bytes: number }>
  /** Total body bytes sent since the last reset. */
  bytes(): number
  reset(): void
  /** Offline: every connection is dropped without an answer, as when the network is gone. */
  setOffline(offline: boolean): void
  /** The next `/api/time` answer number (each answer counts up). */
  apiCalls(): number
  close(): Promise<void>
}

/**
 * A static server for a built folder on 127.0.0.1 that counts the body bytes it sends, with `no-store` on
 * every answer (so each fetch reaches it) and an API route `/api/time` whose answer changes every call.
 */
export async function serveCounting(dir: string): Promise<CountingServer> {
  const sent: Array<{ path: string; bytes: number }> = []
  const sockets = new Set<Socket>()
  let offline = false
  let calls = 0
  const server: Server = createServer((req, res) => {
    if (offline) {
      req.socket.destroy()
      return
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const send = (status: number, type: string, body: Buffer) => {
      sent.push({ path, bytes: body.length })
      res.writeHead(status, {
        'content-type': type,
        'content-length': body.length,
        'cache-control': 'no-store',
      })
      res.end(body)
    }
    if (path === '/api/time') {
      calls++
      send(200, 'application/json', Buffer.from(JSON.stringify({ n: calls })))
      return
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      send(404, 'text/plain', Buffer.from('not found'))
      return
    }
    send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    bytes: () => sent.reduce((sum, s) => sum + s.bytes, 0),
    reset: () => {
      sent.length = 0
    },
    setOffline: (value) => {
      offline = value
      if (value) for (const socket of sockets) socket.destroy()
    },
    apiCalls: () => calls,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The Chromium flags this machine needs (no sandbox, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface WorkerSpec {
  /** Precache manifest entries; default the base folder's. */
  manifest?: Array<{ url: string; revision: string | null }>
  /** The NavigationRoute line, or null for none. */
  navigation?: string | null
  /** registerRoute(...) lines. */
  routes?: string[]
}

/** A hand-written Workbox worker (injectManifest style), as a project might ship it. */
export function workboxWorker(spec: WorkerSpec = {}): string {
  const manifest = spec.manifest ?? BASE_MANIFEST
  const navigation =
    spec.navigation === undefined
      ? "registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\\/api\\//] }))"
      : spec.navigation
  const routes = spec.routes ?? [
    "registerRoute(({ url }) => url.pathname.startsWith('/api/'), new NetworkFirst({ cacheName: 'api', networkTimeoutSeconds: 3, plugins: [new ExpirationPlugin({ maxEntries: 50 })] }))",
  ]
  return [
    "import { createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'",
    "import { NavigationRoute, registerRoute } from 'workbox-routing'",
    "import { CacheFirst, NetworkFirst, NetworkOnly } from 'workbox-strategies'",
    "import { ExpirationPlugin } from 'workbox-expiration'",
    '',
    `precacheAndRoute(${JSON.stringify(manifest, null, 2)})`,
    ...(navigation ? [navigation] : []),
    ...routes,
    '',
  ].join('\n')
}

export const BASE_HTML =
  '<!doctype html><html><head><link rel="stylesheet" href="/assets/index-Cd8_kLm2.css"><link rel="manifest" href="/manifest.webmanifest"></head><body><div id="app"></div><script type="module" src="/assets/index-B3x9aK2f.js"></script></body></html>'

export const BASE_FILES: Record<string, string> = {
  'index.html': BASE_HTML,
  'assets/index-B3x9aK2f.js': `console.log(${JSON.stringify('x'.repeat(500))})\n`,
  'assets/index-Cd8_kLm2.css': 'body{margin:0}\n',
  'manifest.webmanifest': '{"name":"app"}\n',
}

export const BASE_MANIFEST = [
  { url: 'index.html', revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
  { url: 'assets/index-B3x9aK2f.js', revision: null },
  { url: 'assets/index-Cd8_kLm2.css', revision: null },
  { url: 'manifest.webmanifest', revision: '0f9e8d7c6b5a49382716a5b4c3d2e1f0' },
]
