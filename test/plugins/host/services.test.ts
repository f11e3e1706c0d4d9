import { createServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validatePluginOutput } from '../../../core/model/validate.js'
import { hostPlugin } from '../../../plugins/host/index.js'
import { checkService, serviceSlug, serviceSlugs } from '../../../plugins/host/services.js'
import { REPO_ROOT } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'

let server: Server
let base: string
let closedPort: number

/** A port nothing listens on: bind one, then release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    if (req.url === '/broken') return res.writeHead(500).end('boom')
    if (req.url === '/created') return res.writeHead(201).end()
    // /hang: never answers, for the timeout case.
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  closedPort = await freePort()
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const context = useTestContexts(REPO_ROOT)

describe('service health checks', () => {
  it('reports up, down and latency per service, with a finding for each one down', async () => {
    const c = context()
    const plugin = hostPlugin({
      sampleMs: 50,
      calibrationMs: 20,
      calibrationRuns: 1,
      services: [
        { name: 'Example API', url: `${base}/health` },
        { name: 'broken', url: `${base}/broken`, expectStatus: 200 },
        { name: 'gone', url: `http://127.0.0.1:${closedPort}/health` },
      ],
    })
    const output = validatePluginOutput(plugin.name, await plugin.collect(c.ctx))
    const value = (id: string) => output.metrics?.find((m) => m.id === id)

    expect(value('host/service/example-api/up')).toMatchObject({ unit: 'count', better: 'higher', value: 1 })
    expect(value('host/service/example-api/latency')).toMatchObject({ unit: 'ms', better: 'lower' })
    expect(value('host/service/example-api/latency')?.value).toBeGreaterThan(0)
    expect(value('host/service/broken/up')?.value).toBe(0)
    // It answered, just with the wrong status: the latency is still real.
    expect(value('host/service/broken/latency')?.value).toBeGreaterThan(0)
    expect(value('host/service/gone/up')?.value).toBe(0)
    expect(value('host/service/gone/latency')).toBeUndefined()

    const findings = output.findings ?? []
    expect(findings).toHaveLength(2)
    expect(findings.every((f) => f.ruleId === 'host/service-down' && f.severity === 'error')).toBe(true)
    expect(findings[0].message).toBe(`Service "broken" at ${base}/broken is down: HTTP 500 (expected 200)`)
    expect(findings[1].message).toContain(`Service "gone" at http://127.0.0.1:${closedPort}/health is down:`)
    expect(findings[1].message).toContain('ECONNREFUSED')
  })

  it('treats any 2xx as up unless expectStatus says otherwise', async () => {
    expect((await checkService({ name: 'c', url: `${base}/created` }, 'c')).up).toBe(true)
    const strict = await checkService({ name: 'c', url: `${base}/created`, expectStatus: 200 }, 'c')
    expect(strict).toMatchObject({ up: false, error: 'HTTP 201 (expected 200)' })
  })

  it('marks a service that does not answer in time as down', async () => {
    const result = await checkService({ name: 'slow', url: `${base}/hang`, timeoutMs: 150 }, 'slow')
    expect(result).toMatchObject({ up: false, latencyMs: null, error: 'no response within 150 ms' })
  })

  it('rethrows when the run is aborted instead of reporting the service down', async () => {
    const controller = new AbortController()
    const checking = checkService(
      { name: 'slow', url: `${base}/hang`, timeoutMs: 30_000 },
      'slow',
      controller.signal,
    )
    setTimeout(() => controller.abort(new Error('run aborted')), 50)
    await expect(checking).rejects.toThrow('run aborted')
  })
})

describe('service slugs', () => {
  it('makes names metric-id safe and unique', () => {
    expect(serviceSlug('Example API')).toBe('example-api')
    expect(serviceSlug('  Auth / Users (v2) ')).toBe('auth-users-v2')
    expect(
      serviceSlugs([
        { name: 'API', url: 'http://a/' },
        { name: 'api', url: 'http://b/' },
        { name: '★', url: 'http://c/' },
      ]),
    ).toEqual(['api', 'api-2', 'service-3'])
  })
})
