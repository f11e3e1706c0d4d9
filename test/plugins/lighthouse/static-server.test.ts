import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { discoverPages, serveStatic } from '../../../plugins/lighthouse/static-server.js'
import { fixture, tempDir } from '../../helpers/paths.js'

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

describe('static server', () => {
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
  })

  it('discovers at most the limit of HTML pages, shallowest and index first', async () => {
    const { dir, cleanup } = tempDir('perfgate-lh-pages-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'docs/deep'), { recursive: true })
    mkdirSync(join(dir, 'node_modules/x'), { recursive: true })
    for (const file of [
      'zeta.html',
      'index.html',
      'docs/index.html',
      'docs/a.html',
      'docs/deep/b.html',
      'node_modules/x/index.html',
      'app.js',
    ])
      writeFileSync(join(dir, file), '<!doctype html>')
    expect(await discoverPages(dir, 5)).toEqual([
      '/',
      '/zeta.html',
      '/docs/',
      '/docs/a.html',
      '/docs/deep/b.html',
    ])
    expect(await discoverPages(dir, 2)).toEqual(['/', '/zeta.html'])
  })
})
