// The example API perfgate's demo checks: a tiny JSON service on node:http, no dependencies.
//   GET  /health         → 200 { ok: true }
//   GET  /api/items      → the items, sorted (a little CPU work per request, as a real endpoint does)
//   GET  /api/items/:id  → one item, or 404
//   POST /api/echo       → the JSON body sent, with its size
// Listens on 127.0.0.1:$PORT (default 3000); PORT=0 picks a free port and the log line says which.
import { createServer } from 'node:http'

const ITEM_COUNT = 2000
const MAX_BODY_BYTES = 1024 * 1024
const CATEGORIES = ['tools', 'books', 'garden', 'kitchen', 'toys']

// Deterministic data, so responses are the same on every start.
function makeItems(count) {
  let seed = 7
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
    return seed / 2 ** 32
  }
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `item-${(i + 1).toString().padStart(4, '0')}`,
    category: CATEGORIES[Math.floor(random() * CATEGORIES.length)],
    price: Math.round(random() * 10_000) / 100,
    stock: Math.floor(random() * 500),
  }))
}

const items = makeItems(ITEM_COUNT)
const byId = new Map(items.map((item) => [item.id, item]))

function send(res, status, body) {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  })
  res.end(json)
}

function listItems(url) {
  const category = url.searchParams.get('category')
  const limit = Math.min(Number(url.searchParams.get('limit')) || 50, ITEM_COUNT)
  // Sort a copy on every request: the CPU work a real listing endpoint does.
  const sorted = items
    .filter((item) => !category || item.category === category)
    .sort((a, b) => b.price - a.price || a.name.localeCompare(b.name))
  return { total: sorted.length, items: sorted.slice(0, limit) }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      try {
        resolve({ body: text ? JSON.parse(text) : null, bytes: size })
      } catch {
        reject(Object.assign(new Error('body is not valid JSON'), { status: 400 }))
      }
    })
    req.on('error', reject)
  })
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = url.pathname.replace(/\/+$/, '') || '/'

  if (path === '/health') {
    return req.method === 'GET' || req.method === 'HEAD'
      ? send(res, 200, { ok: true })
      : send(res, 405, { error: 'method not allowed' })
  }
  if (path === '/api/items' && req.method === 'GET') return send(res, 200, listItems(url))
  const match = path.match(/^\/api\/items\/([^/]+)$/)
  if (match && req.method === 'GET') {
    const item = byId.get(Number(match[1]))
    return item ? send(res, 200, item) : send(res, 404, { error: `no item with id ${match[1]}` })
  }
  if (path === '/api/echo' && req.method === 'POST') {
    const { body, bytes } = await readJson(req)
    return send(res, 200, { echo: body, bytes })
  }
  return send(res, 404, { error: `no route for ${req.method} ${path}` })
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) send(res, error.status ?? 500, { error: error.message })
  })
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`)
})

function stop(signal) {
  console.log(`${signal}: shutting down`)
  server.close(() => process.exit(0))
  // Keep-alive connections would hold close() open; drop them.
  server.closeAllConnections()
}
process.once('SIGTERM', () => stop('SIGTERM'))
process.once('SIGINT', () => stop('SIGINT'))
