import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PerfgatePlugin } from '../../../core/model/types.js'
import { parseReport } from '../../../core/model/validate.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/run.js'
import { fixture, tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function out() {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  return dir
}

const metricPlugin = (name: string, id: string, value: number): PerfgatePlugin => ({
  name: `perfgate:${name}`,
  collect: () => ({ metrics: [{ id, title: id, unit: 'bytes', better: 'lower', value }] }),
})

describe('run', () => {
  it('runs a config-file plugin, judges budgets (exact id beats glob) and writes a valid report', async () => {
    const outDir = out()
    const logger = createMemoryLogger()
    const result = await run({
      cwd: fixture('custom-plugin'),
      outDir,
      compare: false,
      progress: false,
      logger,
    })
    const { report } = result
    expect(report.plugins).toEqual([expect.objectContaining({ name: 'perfgate:word-count', status: 'ok' })])
    const count = report.metrics.find((m) => m.id === 'words/count')
    expect(count?.budget).toEqual({ max: 2, status: 'exceeded', source: 'config' })
    const timing = report.metrics.find((m) => m.id === 'words/timing')
    expect(timing).toMatchObject({
      value: 2,
      samples: [3, 1, 2],
      timing: true,
      budget: { max: 100, status: 'ok' },
    })
    expect(report.findings).toEqual([
      expect.objectContaining({ plugin: 'perfgate:word-count', ruleId: 'words/long', line: 2 }),
    ])
    expect(report.summary).toMatchObject({ verdict: 'fail', overBudget: 1, errors: 0 })
    expect(result.exitCode).toBe(1)
    expect(logger.lines.some((l) => l.includes('counting 3 words'))).toBe(true)
    const written = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'))
    expect(parseReport(written)).toMatchObject({ ok: true })
    expect(written.host.cores).toBeGreaterThan(0)
  })

  it('keeps going when plugins throw, hang or return malformed metrics', async () => {
    const result = await run({
      cwd: fixture('plugin-failures'),
      outDir: out(),
      compare: false,
      progress: false,
      logger: createMemoryLogger(),
    })
    const byName = Object.fromEntries(result.report.plugins.map((p) => [p.name.slice(9), p]))
    expect(byName.first.status).toBe('ok')
    expect(byName.last.status).toBe('ok')
    expect(byName.thrower).toMatchObject({ status: 'failed', error: 'disk on fire' })
    expect(byName.sleeper.status).toBe('failed')
    expect(byName.sleeper.error).toMatch(/timed out after 400 ms/)
    expect(byName.malformed.status).toBe('failed')
    expect(byName.malformed.error).toMatch(
      /perfgate:malformed.*metric "malformed\/size".*metrics\[0\]\.value/,
    )
    expect(result.report.metrics.map((m) => m.id)).toEqual(['first/value', 'last/value'])
    expect(result.report.summary.errors).toBe(3)
    expect(result.exitCode).toBe(3)
  })

  it('marks a plugin failed when part of its work failed, keeping what it measured (exit 3)', async () => {
    const partial: PerfgatePlugin = {
      name: 'perfgate:pages',
      collect: () => ({
        metrics: [{ id: 'pages/home/size', title: 'home', unit: 'bytes', better: 'lower', value: 1 }],
        error: '1 of 2 pages failed: http://127.0.0.1:1/about (HTTP 404)',
      }),
    }
    const result = await run({
      cwd: out(),
      config: { plugins: [partial] },
      compare: false,
      write: false,
      progress: false,
      logger: createMemoryLogger(),
    })
    expect(result.report.plugins[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('HTTP 404'),
    })
    expect(result.report.metrics.map((m) => m.id)).toEqual(['pages/home/size'])
    expect(result.exitCode).toBe(3)
  })

  it('runs only the plugins named by --only, and rejects unknown names', async () => {
    const config = { plugins: [metricPlugin('a', 'a/size', 1), metricPlugin('b', 'b/size', 2)] }
    const only = await run({
      cwd: out(),
      config,
      only: ['b'],
      compare: false,
      write: false,
      progress: false,
      logger: createMemoryLogger(),
    })
    expect(only.report.plugins.map((p) => p.name)).toEqual(['perfgate:b'])
    await expect(
      run({ cwd: out(), config, only: ['c'], compare: false, write: false, logger: createMemoryLogger() }),
    ).rejects.toThrow(/--only names unknown plugin\(s\): c/)
  })

  it('splits declared units across shards deterministically and covers each unit exactly once', async () => {
    const seen: string[][] = []
    const pages: PerfgatePlugin = {
      name: 'perfgate:pages',
      units: () => ['/c', '/a', '/b', '/d'],
      collect: (ctx) => {
        seen.push(ctx.units ?? [])
        return {
          metrics: (ctx.units ?? []).map((u) => ({
            id: `pages${u}/size`,
            title: u,
            unit: 'bytes',
            better: 'lower',
            value: 1,
          })),
        }
      },
    }
    const config = { plugins: [pages, metricPlugin('whole', 'whole/size', 1)] }
    const shardIds: string[][] = []
    for (const shard of ['1/2', '2/2']) {
      const { report } = await run({
        cwd: out(),
        config,
        shard,
        compare: false,
        write: false,
        progress: false,
        logger: createMemoryLogger(),
      })
      expect(report.shard).toEqual({ index: Number(shard[0]), total: 2 })
      shardIds.push(report.metrics.map((m) => m.id))
    }
    const all = shardIds.flat().sort()
    expect(all).toEqual(['pages/a/size', 'pages/b/size', 'pages/c/size', 'pages/d/size', 'whole/size'])
    expect(seen.every((units) => units.length >= 1)).toBe(true)
    await expect(
      run({ cwd: out(), config, shard: '3/2', write: false, logger: createMemoryLogger() }),
    ).rejects.toThrow(/Invalid --shard "3\/2"/)
  })

  it('stops on abort: the running plugin fails as interrupted, the rest are skipped, the report is written', async () => {
    const controller = new AbortController()
    const outDir = out()
    const waiting: PerfgatePlugin = {
      name: 'perfgate:waiting',
      collect: (ctx) =>
        new Promise((_, reject) => {
          setTimeout(() => controller.abort(new Error('SIGINT')), 50)
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))
        }),
    }
    const result = await run({
      cwd: outDir,
      config: {
        plugins: [metricPlugin('before', 'before/size', 1), waiting, metricPlugin('after', 'after/size', 1)],
      },
      signal: controller.signal,
      progress: false,
      logger: createMemoryLogger(),
    })
    expect(result.report.plugins.map((p) => p.status)).toEqual(['ok', 'failed', 'skipped'])
    expect(result.report.plugins[1].error).toMatch(/interrupted/)
    expect(result.exitCode).toBe(130)
    expect(JSON.parse(readFileSync(join(outDir, '.perfgate/report.json'), 'utf8')).metrics).toHaveLength(1)
  })

  it('refuses an unwritable output folder before measuring', async () => {
    const dir = out()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'file'), 'x')
    const error = await run({
      cwd: dir,
      config: {},
      outDir: join(dir, 'file/sub'),
      logger: createMemoryLogger(),
    }).catch((e) => e)
    expect(error.code).toBe('OUTPUT_UNWRITABLE')
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain(join(dir, 'file/sub'))
  })
})
