import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPerfgateError, type PerfgateError } from '../../../core/model/errors.js'
import { benchPlugin, type HttpOptions } from '../../../plugins/bench/index.js'
import { fixture } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { diesWithin } from '../../helpers/process.js'

const context = useTestContexts()

function serverOptions(pidFile: string, scenarios: HttpOptions['scenarios']): HttpOptions {
  return {
    command: [process.execPath, 'server.mjs'],
    env: { PID_FILE: pidFile },
    readyPath: '/health',
    runs: 2,
    warmup: 0,
    scenarios,
  }
}

function pidsOf(pidFile: string): { server: number; grandchild: number } {
  return JSON.parse(readFileSync(pidFile, 'utf8'))
}

async function caught(promise: Promise<unknown>): Promise<PerfgateError | Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('benchPlugin HTTP scenarios', () => {
  it('measures each scenario once per run, counts unexpected statuses, and stops the server group', async () => {
    const { ctx } = context(fixture('bench-http-server'))
    const pidFile = join(ctx.outDir, 'pids.json')
    const plugin = benchPlugin({
      files: false,
      http: serverOptions(pidFile, [
        { name: 'home', path: '/', amount: 200, connections: 4 },
        { name: 'missing', path: '/missing', amount: 100, connections: 2 },
        { name: 'missing expected', path: '/missing', amount: 100, connections: 2, expectStatus: 404 },
        { name: 'echo', method: 'post', path: '/echo', body: { hello: 'world' }, amount: 100 },
      ]),
    })
    const output = await plugin.collect(ctx)
    const byId = new Map(output.metrics?.map((m) => [m.id, m]))
    for (const name of ['latency-avg', 'latency-p50', 'latency-p99', 'rps', 'throughput', 'error-rate'])
      expect(byId.get(`bench/http/home/${name}`)?.samples).toHaveLength(2)
    expect(byId.get('bench/http/home/rps')?.samples?.every((v) => v > 0)).toBe(true)
    expect(byId.get('bench/http/home/throughput')?.samples?.every((v) => v > 0)).toBe(true)
    expect(byId.get('bench/http/home/error-rate')?.samples).toEqual([0, 0])
    // One fact, one gated row: the average and throughput follow the median and rps.
    const detail = [...byId.values()].filter(
      (m) => m.id.startsWith('bench/http/home/') && m.role === 'detail',
    )
    expect(detail.map((m) => m.id).sort()).toEqual([
      'bench/http/home/latency-avg',
      'bench/http/home/throughput',
    ])
    expect(byId.get('bench/http/missing/error-rate')?.samples).toEqual([100, 100])
    expect(byId.get('bench/http/missing-expected/error-rate')?.samples).toEqual([0, 0])
    expect(byId.get('bench/http/echo/error-rate')?.samples).toEqual([0, 0])

    const errors = output.findings?.filter((f) => f.ruleId === 'bench/http-errors')
    expect(errors).toHaveLength(1)
    expect(errors?.[0].message).toContain('"missing"')
    expect(errors?.[0].message).toContain('200 × HTTP 404')

    const pids = pidsOf(pidFile)
    expect(await diesWithin(pids.server)).toBe(true)
    expect(await diesWithin(pids.grandchild)).toBe(true)
  }, 30_000)

  it('times responses to a fraction of a millisecond, not in autocannon’s whole milliseconds', async () => {
    const { ctx } = context(fixture('bench-http-server'))
    const pidFile = join(ctx.outDir, 'pids.json')
    const plugin = benchPlugin({
      files: false,
      http: serverOptions(pidFile, [{ name: 'busy', path: '/busy', amount: 200, connections: 1 }]),
    })
    const output = await plugin.collect(ctx)
    const byId = new Map(output.metrics?.map((m) => [m.id, m]))
    const medians = byId.get('bench/http/busy/latency-p50')?.samples ?? []
    expect(medians).toHaveLength(2)
    // 2.5 ms of work per request, one connection: autocannon's histogram would say 2 or 3.
    for (const median of medians) expect(median).toBeGreaterThanOrEqual(2.5)
    expect(medians.some((median) => !Number.isInteger(median))).toBe(true)
    const p99 = byId.get('bench/http/busy/latency-p99')?.samples ?? []
    for (const [i, tail] of p99.entries()) expect(tail).toBeGreaterThanOrEqual(medians[i])
  }, 30_000)

  it('runs a shell command line too, and only the scenarios of its shard', async () => {
    const { ctx } = context(fixture('bench-http-server'))
    const pidFile = join(ctx.outDir, 'pids.json')
    const plugin = benchPlugin({
      files: false,
      http: {
        ...serverOptions(pidFile, [
          { name: 'a', path: '/', amount: 50 },
          { name: 'b', path: '/', amount: 50 },
        ]),
        command: `"${process.execPath}" server.mjs`,
        runs: 1,
      },
    })
    expect(await plugin.units?.(ctx)).toEqual(['http:a', 'http:b'])
    const output = await plugin.collect({ ...ctx, units: ['http:b'] })
    expect(new Set(output.metrics?.map((m) => m.id.split('/')[2]))).toEqual(new Set(['b']))
    const pids = pidsOf(pidFile)
    expect(await diesWithin(pids.server)).toBe(true)
    expect(await diesWithin(pids.grandchild)).toBe(true)
  }, 30_000)

  it('reports a server that exits at once with the command, exit code and last output', async () => {
    const { ctx } = context(fixture('bench-dead-server'))
    const plugin = benchPlugin({
      files: false,
      http: { command: 'node server.mjs', readyTimeout: 10_000, scenarios: [{ name: 'x', path: '/' }] },
    })
    const started = Date.now()
    const error = await caught(Promise.resolve(plugin.collect(ctx)))
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(isPerfgateError(error) && error.code).toBe('PLUGIN_FAILED')
    expect(error.message).toContain('`node server.mjs`')
    expect(error.message).toContain('exited with code 7')
    expect(error.message).toContain('cannot connect to the database')
  }, 30_000)

  it('reports a server that never becomes ready within readyTimeout, and ends it', async () => {
    const { ctx, children } = context(fixture('bench-dead-server'))
    const plugin = benchPlugin({
      files: false,
      http: {
        command: [process.execPath, '-e', "console.log('booting'); setInterval(() => {}, 1000)"],
        readyTimeout: 1500,
        scenarios: [{ name: 'x', path: '/' }],
      },
    })
    const error = await caught(Promise.resolve(plugin.collect(ctx)))
    expect(error.message).toContain('did not answer')
    expect(error.message).toContain('within 1500 ms')
    expect(error.message).toContain('booting')
    expect(children).toHaveLength(1)
    expect(await diesWithin(children[0].pid as number)).toBe(true)
  }, 30_000)

  it('stops the server when the run is aborted mid-scenario', async () => {
    let abort = () => {}
    const { ctx, controller } = context(fixture('bench-http-server'), (text) => {
      if (text.startsWith('run 1/')) setTimeout(abort, 300)
    })
    abort = () => controller.abort(new Error('Ctrl-C'))
    const pidFile = join(ctx.outDir, 'pids.json')
    const plugin = benchPlugin({
      files: false,
      http: serverOptions(pidFile, [{ name: 'long', path: '/', duration: 20, connections: 2 }]),
    })
    const started = Date.now()
    const error = await caught(Promise.resolve(plugin.collect(ctx)))
    expect(error.message).toBe('Ctrl-C')
    expect(Date.now() - started).toBeLessThan(15_000)
    const pids = pidsOf(pidFile)
    expect(await diesWithin(pids.server)).toBe(true)
    expect(await diesWithin(pids.grandchild)).toBe(true)
  }, 30_000)

  it('rejects a scenario with an invalid method or URL as CONFIG_INVALID (exit 2), naming its path and value', () => {
    const http = (scenario: Record<string, unknown>) =>
      ({
        command: 'node server.mjs',
        scenarios: [{ name: 'ok', path: '/' }, scenario],
      }) as unknown as HttpOptions
    const attempt = (scenario: Record<string, unknown>) => {
      try {
        benchPlugin({ http: http(scenario) })
      } catch (error) {
        return error as PerfgateError
      }
      throw new Error('expected CONFIG_INVALID')
    }
    const badMethod = attempt({ name: 'list items', method: 'FETCH', path: '/api/items' })
    expect(badMethod.code).toBe('CONFIG_INVALID')
    expect(badMethod.exitCode).toBe(2)
    expect(badMethod.message).toContain('http.scenarios[1].method: expected one of GET, HEAD, POST')
    expect(badMethod.message).toContain('got "FETCH"')
    const badUrl = attempt({ name: 'broken url', path: 'api/items' })
    expect(badUrl.code).toBe('CONFIG_INVALID')
    expect(badUrl.message).toContain(
      'http.scenarios[1].path: expected a path starting with "/" or an http(s) URL, got "api/items"',
    )
    const badAbsolute = attempt({ name: 'ftp', path: 'ftp://127.0.0.1/' })
    expect(badAbsolute.message).toContain('got "ftp://127.0.0.1/"')
  })
})

describe('benchPlugin HTTP scenarios in A/B rounds', () => {
  it('starts a fresh server each round (a kept process’s own speed would read as the change), warms it up inside one burst, and leaves none running', async () => {
    const { ResourceScope } = await import('../../../core/run/resources.js')
    const { ctx, progress } = context(fixture('bench-http-server'))
    const pidFile = join(ctx.outDir, 'pids.json')
    const plugin = benchPlugin({
      files: false,
      http: {
        ...serverOptions(pidFile, [{ name: 'home', path: '/', duration: 3, connections: 2 }]),
        runs: 3,
        warmup: 1,
        abDuration: 1,
      },
    })
    const scope = new ResourceScope()
    const round = { ...ctx, samples: 1, keep: scope.keeper(plugin.name, 'head') }
    const servers: number[] = []
    for (let call = 0; call < 3; call++) {
      const output = await plugin.collect(round)
      expect(output.metrics?.find((m) => m.id === 'bench/http/home/rps')?.samples).toHaveLength(1)
      servers.push(pidsOf(pidFile).server)
    }
    expect(new Set(servers).size).toBe(3)
    // One burst a scenario and round: its first abWarmup seconds are the warm-up, no separate run.
    expect(progress.filter((p) => p.startsWith('warm-up')).length).toBe(0)
    expect(progress.filter((p) => p.startsWith('run 1/1')).length).toBe(3)
    expect(progress.filter((p) => p === 'starting the HTTP server').length).toBe(3)
    // Each round's server is gone when its call returns: nothing is left for the run's end to dispose.
    const { server, grandchild } = pidsOf(pidFile)
    expect(await diesWithin(server, 3000)).toBe(true)
    expect(await diesWithin(grandchild, 3000)).toBe(true)
    await scope.disposeAll()
  }, 60_000)
})
