import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  port: number
  /** Closes the server and every open connection. Safe to call twice. */
  close(): Promise<void>
}

export interface StaticServerOptions {
  /** Serve `index.html` for navigations (paths without an extension) that match no file. Default false. */
  spa?: boolean
  /** Gzip text, JSON, SVG and wasm when the client accepts it, as a production host does. Default true. */
  gzip?: boolean
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}
/** Types worth gzipping (images and fonts are already compressed). */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg)/

/**
 * Serves the folder `root` on 127.0.0.1 at a free port: `/about` finds `about`, `about/index.html` or
 * `about.html`; nothing outside `root` is reachable; unknown paths are 404 (or `index.html` with `spa`).
 */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = resolve(root)
  const spa = options.spa ?? false
  const gzip = options.gzip ?? true
  const server = createServer((request, response) => {
    void handle(base, { spa, gzip }, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(0, '127.0.0.1', () => res())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  let closed: Promise<void> | null = null
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () => {
      closed ??= new Promise<void>((res) => {
        server.close(() => res())
        server.closeAllConnections()
      })
      return closed
    },
  }
}

async function handle(
  base: string,
  options: { spa: boolean; gzip: boolean },
  request: IncomingMessage,
  response: ServerResponse,
) {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('Bad request: malformed URL')
    return
  }
  const file = await findFile(base, pathname, options.spa)
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    response.end(`Not found: ${pathname}`)
    return
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const gzip =
    options.gzip &&
    COMPRESSIBLE.test(type) &&
    /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
  response.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  const body = createReadStream(file)
  await (gzip ? pipeline(body, createGzip(), response) : pipeline(body, response))
}

/** The file a path names: itself, its `index.html`, `<path>.html`, or (SPA) the root `index.html`. */
async function findFile(base: string, pathname: string, spa: boolean): Promise<string | null> {
  const target = resolve(base, `.${pathname}`)
  if (target !== base && !target.startsWith(base + sep)) return null
  for (const candidate of [target, join(target, 'index.html'), `${target}.html`]) {
    const info = await stat(candidate).catch(() => null)
    if (info?.isFile()) return candidate
  }
  // Only navigations fall back: a missing asset stays a 404.
  if (spa && extname(pathname) === '') {
    const index = join(base, 'index.html')
    if ((await stat(index).catch(() => null))?.isFile()) return index
  }
  return null
}
