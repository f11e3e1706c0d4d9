import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/paths.js'

const SERVER = join(REPO_ROOT, 'examples/api/server.mjs')

let api: ChildProcess
let base: string
let stdout = ''

interface Item {
  id: number
  name: string
  category: string
  price: number
}
type ItemList = { total: number; items: Item[] }

/** A port that was free a moment ago: listen on 0, note the port, release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Starts the API and resolves once it logs the line the demo waits for. */
async function startApi(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes(`listening on http://127.0.0.1:${port}`)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the API exited with ${code} before listening: ${stdout}`)))
  })
  return child
}

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  api = await startApi(port)
}, 15_000)

afterAll(async () => {
  if (api.exitCode === null && api.signalCode === null) {
    api.kill('SIGKILL')
    await once(api, 'exit')
  }
})

describe('examples/api', () => {
  it('answers /health', async () => {
    const response = await fetch(`${base}/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ ok: true })
  })

  it('lists items sorted by price, with a limit and a category filter', async () => {
    const all = (await (await fetch(`${base}/api/items?limit=20`)).json()) as ItemList
    expect(all.total).toBe(2000)
    expect(all.items).toHaveLength(20)
    const prices = all.items.map((item) => item.price)
    expect(prices).toEqual([...prices].sort((a, b) => b - a))

    const tools = (await (await fetch(`${base}/api/items?category=tools&limit=2000`)).json()) as ItemList
    expect(tools.total).toBeGreaterThan(0)
    expect(tools.total).toBeLessThan(2000)
    expect(tools.items.every((item) => item.category === 'tools')).toBe(true)
  })

  it('returns one item by id, and 404 for an unknown one', async () => {
    const response = await fetch(`${base}/api/items/42`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: 42, name: 'item-0042' })
    const missing = await fetch(`${base}/api/items/99999`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: 'no item with id 99999' })
  })

  it('echoes a JSON body and rejects one that is not JSON', async () => {
    const body = JSON.stringify({ hello: 'world', n: [1, 2, 3] })
    const response = await fetch(`${base}/api/echo`, { method: 'POST', body })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ echo: { hello: 'world', n: [1, 2, 3] }, bytes: body.length })
    const bad = await fetch(`${base}/api/echo`, { method: 'POST', body: '{oops' })
    expect(bad.status).toBe(400)
  })

  it('answers 404 for unknown routes and 405 for a POST to /health', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404)
    expect((await fetch(`${base}/health`, { method: 'POST' })).status).toBe(405)
  })

  it('exits cleanly on SIGTERM, even with a keep-alive connection open', async () => {
    await fetch(`${base}/health`, { keepalive: true })
    const exited = once(api, 'exit')
    api.kill('SIGTERM')
    const [code, signal] = await exited
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(stdout).toContain('SIGTERM: shutting down')
  })
})
