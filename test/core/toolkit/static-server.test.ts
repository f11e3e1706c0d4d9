import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { serveStatic } from '../../../core/toolkit/static-server.js'
import { fixture } from '../../helpers/paths.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers })
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  }
}

describe('serveStatic', () => {
  it('serves gzip-compressed text on 127.0.0.1, 404s unknown paths, and falls back to index.html for an SPA', async () => {
    const plain = await serveStatic(fixture('lighthouse-static-site'), { spa: false })
    const spa = await serveStatic(fixture('lighthouse-static-site'), { spa: true })
    cleanups.push(plain.close, spa.close)
    expect(plain.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    // fetch() would decode gzip itself; node:http-level check through a raw accept-encoding request.
    const { request } = await import('node:http')
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((res, rej) => {
      request(`${plain.origin}/styles.css`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (c: Buffer) => chunks.push(c))
        response.on('end', () =>
          res({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
        )
      })
        .on('error', rej)
        .end()
    })
    expect(raw.encoding).toBe('gzip')
    expect(gunzipSync(raw.body).toString()).toContain('.card-0')

    expect((await get(`${plain.origin}/about`)).body.toString()).toContain('<title>About</title>')
    expect((await get(`${plain.origin}/dashboard/settings`)).status).toBe(404)
    expect((await get(`${plain.origin}/..%2f..%2fpackage.json`)).status).toBe(404)
    const fallback = await get(`${spa.origin}/dashboard/settings`)
    expect(fallback.status).toBe(200)
    expect(fallback.body.toString()).toContain('<title>Home</title>')
    expect((await get(`${spa.origin}/missing.js`)).status).toBe(404)
    expect((await get(`${plain.origin}/%E0%A4%A`)).status).toBe(400)
  })

  it('serves plain bytes without gzip when asked, answers HEAD without a body, and closes twice safely', async () => {
    const server = await serveStatic(fixture('lighthouse-static-site'), { gzip: false })
    cleanups.push(server.close)
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`)
    const { request } = await import('node:http')
    const head = await new Promise<{ status?: number; encoding?: string; type?: string; bytes: number }>(
      (res, rej) => {
        request(
          `${server.origin}/styles.css`,
          { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } },
          (response) => {
            let bytes = 0
            response.on('data', (c: Buffer) => {
              bytes += c.length
            })
            response.on('end', () =>
              res({
                status: response.statusCode,
                encoding: response.headers['content-encoding'],
                type: response.headers['content-type'],
                bytes,
              }),
            )
          },
        )
          .on('error', rej)
          .end()
      },
    )
    expect(head).toEqual({ status: 200, encoding: undefined, type: 'text/css; charset=utf-8', bytes: 0 })
    const css = await get(`${server.origin}/styles.css`, { 'accept-encoding': 'gzip' })
    expect(css.body.toString()).toContain('.card-0')
    // A keep-alive connection stays open until close() ends it.
    await Promise.all([server.close(), server.close()])
    await expect(fetch(`${server.origin}/`)).rejects.toThrow()
  })
})
