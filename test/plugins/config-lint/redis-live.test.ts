import { type ChildProcess, spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { freePort } from '../../../core/toolkit/index.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { RespClient } from '../../../plugins/config-lint/live/resp.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { diesWithin, isAlive } from '../../helpers/process.js'

interface Redis {
  port: number
  child: ChildProcess
}

const servers: Redis[] = []
const dirs: (() => void)[] = []

/** A real redis-server on 127.0.0.1, a free port, no persistence; stopped by PID after the file. */
async function startRedis(args: string[] = []): Promise<Redis> {
  const port = await freePort()
  const { dir, cleanup } = tempDir('perfgate-redis-')
  dirs.push(cleanup)
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      ...args,
    ],
    { stdio: 'ignore' },
  )
  const server = { port, child }
  servers.push(server)
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      const client = await RespClient.connect('127.0.0.1', port, 500)
      const pong = await client.command('PING')
      client.close()
      // A server with a password answers NOAUTH: it is up all the same.
      if (pong === 'PONG' || String((pong as Error).message).startsWith('NOAUTH')) return server
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis-server did not start on ${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** `hits` GETs of keys that exist and `misses` of keys that do not, after writing the keys. */
async function workload(port: number, hits: number, misses: number, password?: string): Promise<void> {
  const client = await RespClient.connect('127.0.0.1', port, 2000)
  if (password) await client.command('AUTH', password)
  for (let i = 0; i < 50; i++) await client.command('SET', `key:${i}`, 'v')
  for (let i = 0; i < hits; i++) await client.command('GET', `key:${i % 50}`)
  for (let i = 0; i < misses; i++) await client.command('GET', `missing:${i}`)
  client.close()
}

async function resetStats(port: number): Promise<void> {
  const client = await RespClient.connect('127.0.0.1', port, 2000)
  await client.command('CONFIG', 'RESETSTAT')
  client.close()
}

let plain: Redis
beforeAll(async () => {
  plain = await startRedis(['--enable-debug-command', 'yes'])
})
afterAll(async () => {
  for (const { child } of servers) {
    if (child.pid && isAlive(child.pid)) child.kill('SIGKILL')
    if (child.pid) expect(await diesWithin(child.pid)).toBe(true)
  }
  for (const cleanup of dirs) cleanup()
})

const cwd = fixture('config-lint-disabled')
const lint = (redis: Record<string, unknown>[]) =>
  runPlugin(
    configLintPlugin({ redis: redis as never, files: { nginx: [], redis: [], headers: [], data: [] } }),
    { cwd },
  )

describe('live Redis checks', () => {
  it('reads the hit rate of a known workload back from INFO stats (80 %)', async () => {
    await resetStats(plain.port)
    await workload(plain.port, 800, 200)
    const run = await lint([{ name: 'cache', url: `redis://127.0.0.1:${plain.port}` }])
    const hitRate = run.metric('cache/redis/cache/hit-rate')
    expect(hitRate.unit).toBe('percent')
    expect(hitRate.better).toBe('higher')
    expect(Math.abs(hitRate.value - 80)).toBeLessThan(1)
    expect(run.metric('cache/redis/cache/memory-used').value).toBeGreaterThan(100_000)
  })

  it('measures the hit rate over a window while traffic runs, not since the start', async () => {
    await resetStats(plain.port)
    await workload(plain.port, 1000, 0) // before the window: all hits
    const pending = lint([{ name: 'cache', url: `redis://127.0.0.1:${plain.port}`, sampleMs: 1500 }])
    await new Promise((r) => setTimeout(r, 300))
    await workload(plain.port, 250, 750) // inside it: 25 %
    const run = await pending
    expect(Math.abs(run.metric('cache/redis/cache/hit-rate').value - 25)).toBeLessThan(1)
  })

  it('applies the redis rules to the running settings (CONFIG GET) and keyspace', async () => {
    await workload(plain.port, 1, 0)
    const client = await RespClient.connect('127.0.0.1', plain.port, 2000)
    await client.command('CONFIG', 'SET', 'maxmemory', '64mb')
    await client.command('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru')
    const used = Number(/used_memory:(\d+)/.exec(String(await client.command('INFO', 'memory')))?.[1])
    client.close()
    const run = await lint([{ name: 'cache', url: `redis://127.0.0.1:${plain.port}` }])
    const target = `redis://127.0.0.1:${plain.port}`
    const rules = run.findings.map((f) => f.ruleId).sort()
    expect(rules).toEqual(['redis/memory-policy', 'redis/unsafe-commands'])
    for (const f of run.findings) {
      expect(f.message.startsWith(`${target}: `)).toBe(true)
      expect(f.file).toBeUndefined()
    }
    expect(run.findings.find((f) => f.ruleId === 'redis/memory-policy')?.message).toContain(
      'volatile-lru but 100 % of the keys have no TTL',
    )
    expect(run.findings.find((f) => f.ruleId === 'redis/unsafe-commands')?.message).toContain(
      'enable-debug-command',
    )
    const share = run.metric('cache/redis/cache/memory-used-share').value
    expect(Math.abs(share - (used / (64 * 1024 * 1024)) * 100)).toBeLessThan(1)
    // As a queue, the same server is judged for evicting instead.
    const queue = await lint([{ name: 'jobs', url: target, role: 'queue' }])
    expect(queue.findings.find((f) => f.ruleId === 'redis/memory-policy')?.message).toContain('on a queue')
    // …and for persistence: the server runs with appendonly no and no save points.
    expect(queue.findings.find((f) => f.ruleId === 'redis/persistence-role')?.message).toContain(
      'A queue with appendonly no and no save points',
    )
  })

  it('authenticates with a password from the environment', async () => {
    const secured = await startRedis(['--requirepass', 'test-pass-123'])
    await workload(secured.port, 30, 10, 'test-pass-123')
    process.env.PERFGATE_TEST_REDIS_PASSWORD = 'test-pass-123'
    try {
      const run = await lint([
        { name: 'secured', url: `redis://:\${PERFGATE_TEST_REDIS_PASSWORD}@127.0.0.1:${secured.port}` },
      ])
      expect(run.findings.filter((f) => f.ruleId === 'redis/unreachable')).toEqual([])
      expect(run.metric('cache/redis/secured/hit-rate').value).toBe(75)
    } finally {
      delete process.env.PERFGATE_TEST_REDIS_PASSWORD
    }
  })

  it('a dead Redis is one error finding, and the file rules still run', async () => {
    const port = await freePort()
    const run = await runPlugin(
      configLintPlugin({ redis: [{ name: 'gone', url: `redis://127.0.0.1:${port}`, timeoutMs: 1000 }] }),
      { cwd },
    )
    expect(run.result.status).toBe('ok')
    const dead = run.findings.filter((f) => f.ruleId === 'redis/unreachable')
    expect(dead).toHaveLength(1)
    expect(dead[0].severity).toBe('error')
    expect(dead[0].message).toContain(`redis://127.0.0.1:${port} did not answer`)
    expect(
      run.findings.some((f) => f.ruleId === 'redis/unsafe-commands' && f.file?.endsWith('redis.conf')),
    ).toBe(true)
    expect(run.metrics.filter((m) => m.id.startsWith('cache/redis/gone'))).toEqual([])
  })
})
