import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserConfig } from '../../../core/config/types.js'
import { PerfgateError } from '../../../core/model/errors.js'
import type { PerfgatePlugin } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/run.js'
import { isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

const sizePlugin: PerfgatePlugin = {
  name: 'perfgate:size',
  collect: () => ({
    metrics: [{ id: 'size/app', title: 'App', unit: 'bytes', better: 'lower', value: 1000 }],
  }),
}

let world: World
beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(2)
})
afterAll(() => world.cleanup())

async function gate(config: UserConfig, extra: Parameters<typeof run>[0] = {}) {
  const logger = createMemoryLogger()
  const outDir = join(world.dir, `out-${Math.random().toString(36).slice(2)}`)
  const result = await run({ cwd: world.project, config, outDir, progress: false, logger, ...extra })
  return { ...result, logger, outDir }
}

describe('a gate never passes silently', () => {
  it('refuses a config that measures nothing (exit 2), naming the fix', async () => {
    const error = await gate({ plugins: [] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    expect((error as PerfgateError).exitCode).toBe(2)
    expect((error as PerfgateError).message).toMatch(/Nothing to measure/)
    expect((error as PerfgateError).hint).toMatch(/perfgate init/)
  })

  it('fails (exit 3) when every plugin returned nothing at all', async () => {
    const empty: PerfgatePlugin = { name: 'perfgate:empty', collect: () => ({}) }
    const result = await gate({ plugins: [empty] }, { compare: false })
    expect(result.exitCode).toBe(3)
    expect(result.logger.lines.join('\n')).toMatch(/Nothing was measured/)
    expect(existsSync(join(result.outDir, 'report.json'))).toBe(true)
  })

  it('passes without comparison when the remote cannot be read, unless baseline.required is set', async () => {
    await sh(world.project, ['remote', 'set-url', 'origin', join(world.dir, 'gone.git')])
    try {
      const lenient = await gate({ plugins: [sizePlugin] })
      expect(lenient.exitCode).toBe(0)
      expect(lenient.logger.lines.join('\n')).toMatch(/Baseline lookup failed.*baseline\.required: true/s)

      const strict = await gate({ plugins: [sizePlugin], baseline: { required: true } })
      expect(strict.exitCode).toBe(3)
      expect(strict.report.plugins.at(-1)).toMatchObject({ name: 'perfgate:baseline', status: 'failed' })
      const written = JSON.parse(readFileSync(join(strict.outDir, 'report.json'), 'utf8'))
      expect(written.summary.errors).toBe(1)
      expect(readFileSync(join(strict.outDir, 'report.md'), 'utf8').split('\n')[0]).toMatch(/Incomplete/)
    } finally {
      await sh(world.project, ['remote', 'set-url', 'origin', world.originUrl])
    }
  })

  it('an existing base with no record yet is one line and exit 0, even when required', async () => {
    const result = await gate({ plugins: [sizePlugin], baseline: { required: true } })
    expect(result.exitCode).toBe(0)
    expect(result.logger.lines.filter((l) => /No baseline to compare with/.test(l))).toHaveLength(1)
  })
})
