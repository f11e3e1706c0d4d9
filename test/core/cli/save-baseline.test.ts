import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../../helpers/paths.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

// Two plugins, so that `--only one` is a partial record.
const CONFIG = `
const plugin = (name, value) => ({
  name: 'perfgate:' + name,
  collect: () => ({ metrics: [{ id: name + '/size', title: name, unit: 'bytes', better: 'lower', value }] }),
})
export default { plugins: [plugin('one', 100), plugin('two', 200)] }
`

let world: World

function perfgate(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const records = () => perfgate(['baseline', 'list']).stdout.trim().split('\n').filter(Boolean)

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(1)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), 'reports/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add perfgate')
})
afterAll(() => world.cleanup())

describe('perfgate run --save-baseline', { timeout: 30_000 }, () => {
  it('refuses a partial record from --only (exit 2, before measuring) unless --allow-partial', () => {
    const refused = perfgate(['run', '--only', 'one', '--save-baseline'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('partial baseline (without two)')
    expect(refused.stderr).toContain('--allow-partial')
    expect(refused.stdout).toBe('') // nothing was measured
    expect(records()).toHaveLength(0)

    const allowed = perfgate(['run', '--only', 'one', '--save-baseline', '--allow-partial'])
    expect(allowed.code).toBe(0)
    expect(allowed.stderr).toContain('Baseline saved')
    expect(records()).toHaveLength(1)
    // --only naming every configured plugin is a whole record.
    expect(perfgate(['run', '--only', 'one,two', '--save-baseline']).code).toBe(0)
  })

  it('baseline save refuses a report of only some plugins the same way', () => {
    expect(perfgate(['run', '--only', 'one', '--no-compare', '--out', 'reports/one']).code).toBe(0)
    const before = records().length
    const refused = perfgate(['baseline', 'save', '--report', 'reports/one/report.json'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      'Saving reports/one/report.json, a report of one, would store a partial baseline (without two)',
    )
    expect(records()).toHaveLength(before)
    const allowed = perfgate(['baseline', 'save', '--report', 'reports/one/report.json', '--allow-partial'])
    expect(allowed.code).toBe(0)
    expect(perfgate(['run', '--no-compare', '--out', 'reports/all']).code).toBe(0)
    expect(perfgate(['baseline', 'save', '--report', 'reports/all/report.json']).code).toBe(0)
  })

  it('saves from a clean tree without a warning; perfgate’s own output does not count as a change', () => {
    mkdirSync(join(world.project, 'sub/.perfgate'), { recursive: true })
    writeFileSync(join(world.project, 'sub/.perfgate/stray.json'), '{}')
    const clean = perfgate(['run', '--save-baseline', '--out', 'elsewhere'])
    expect(clean.code).toBe(0)
    expect(clean.stderr).not.toContain('uncommitted')
    rmSync(join(world.project, 'elsewhere'), { recursive: true }) // an output folder only while it is --out
  })

  it('warns on a dirty work tree, naming the changed files, and still saves', async () => {
    writeFileSync(join(world.project, 'perfgate.config.mjs'), `${CONFIG}\n// edited\n`)
    writeFileSync(join(world.project, 'new-file.txt'), 'x')
    const dirty = perfgate(['run', '--save-baseline'])
    expect(dirty.code).toBe(0)
    expect(dirty.stderr).toMatch(/warn.*uncommitted changes \(.*perfgate\.config\.mjs.*new-file\.txt/)
    expect(dirty.stderr).toContain('Commit or stash them first')
    expect(dirty.stderr).toContain('Baseline saved')
    await sh(world.project, ['checkout', '--', 'perfgate.config.mjs'])
  })
})
