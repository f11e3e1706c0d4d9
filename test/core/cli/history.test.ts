import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../../helpers/paths.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

// One exact metric read from the environment, so each commit "measures" what the test says.
const CONFIG = `
export default {
  plugins: [{
    name: 'perfgate:fake',
    collect: () => ({
      metrics: [
        { id: 'fake/size', title: 'Size', unit: 'bytes', better: 'lower', value: Number(process.env.SIZE) },
        { id: 'fake/time', title: 'Time', unit: 'ms', better: 'lower', samples: [10, 11, 12, 11, 10] },
      ],
    }),
  }],
  budgets: { 'fake/size': { max: 5000 } },
}
`
const SIZES = [1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000]

let world: World

function perfgate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SIZE: '1000', ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(1)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), '.perfgate/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add perfgate')
}, 60_000)
afterAll(() => world.cleanup())

describe('perfgate history (child process)', { timeout: 180_000 }, () => {
  it('before any record: writes a page saying how to save one, exit 0', () => {
    const { code, stderr } = perfgate(['history'])
    expect(code).toBe(0)
    expect(stderr).toContain('No baseline records')
    const html = readFileSync(join(world.project, '.perfgate/history/index.html'), 'utf8')
    expect(html).toContain('perfgate run --save-baseline')
  })

  it('charts the records `perfgate run --save-baseline` stored on main, with the step at its commit', async () => {
    const shas: string[] = []
    for (const [i, size] of SIZES.entries()) {
      if (i > 0) await commit(world.project, `change ${i}`)
      await sh(world.project, ['push', '-q', 'origin', 'main'])
      shas.push(await sh(world.project, ['rev-parse', 'HEAD']))
      const saved = perfgate(['run', '--save-baseline'], { SIZE: String(size) })
      expect(saved.stderr).toContain('Baseline saved')
    }
    // `perfgate run` writes the HTML report beside report.json.
    expect(readFileSync(join(world.project, '.perfgate/report.html'), 'utf8')).toContain('<!doctype html>')

    const { code, stderr } = perfgate(['history', '--out', 'dash', '--report', '.perfgate/report.json'])
    expect(code).toBe(0)
    expect(stderr).toMatch(/8 record\(s\), 2 metric\(s\), 1 step change\(s\)/)
    const html = readFileSync(join(world.project, 'dash/index.html'), 'utf8')
    expect(html).toContain(`data-metric="fake/size" data-from="${shas[3]}" data-to="${shas[4]}"`)

    const last = perfgate(['history', '--out', 'dash3', '--last', '3', '--metrics', 'fake/time'])
    expect(last.stderr).toMatch(/3 record\(s\), 1 metric\(s\)/)
  })

  it('refuses --last that is not a positive whole number (exit 2)', () => {
    const { code, stderr } = perfgate(['history', '--last', '0'])
    expect(code).toBe(2)
    expect(stderr).toContain('--last must be a whole number')
    // A negative number is --last's value, not a flag of its own blamed on another option (--ab).
    for (const args of [['--last', '-1'], ['--last=-1']]) {
      const negative = perfgate(['history', ...args])
      expect(negative.code).toBe(2)
      expect(negative.stderr).toContain('--last must be a whole number of records, 1 or more (got -1).')
      expect(negative.stderr).not.toContain('--ab')
    }
  })
})
