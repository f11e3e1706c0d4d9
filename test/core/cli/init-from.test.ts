import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { builtinRegistry } from '../../../core/cli/registry.js'
import { loadConfig } from '../../../core/config/load.js'
import { CLI, fixture, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

// `perfgate init --from` end to end: the built CLI in a git repository, translating real configs
// (test/fixtures/migrate/), and perfgate's own loader reading what it wrote.

const { dir: root, cleanup } = tempDir('perfgate-init-from-')
afterAll(cleanup)

let count = 0
/** A git repository holding these fixture files, with perfgate linked into node_modules. */
async function project(files: Array<[string, string]>, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(root, `p${++count}`)
  mkdirSync(dir, { recursive: true })
  for (const [folder, file] of files)
    cpSync(join(fixture('migrate'), folder, file), join(dir, file), { recursive: true })
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(REPO_ROOT, join(dir, 'node_modules/perfgate'), 'dir')
  const git = await runProcess('git', ['init', '-q', '-b', 'main'], { cwd: dir })
  expect(git.code).toBe(0)
  return dir
}

const perfgate = (cwd: string, ...args: string[]) =>
  runProcess(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })

const VALIDATOR = join(REPO_ROOT, 'node_modules/.bin/action-validator')

describe('perfgate init --from', { timeout: 60_000 }, () => {
  it('translates Lighthouse CI and size-limit into a config perfgate loads, and a workflow that validates', async () => {
    const dir = await project(
      [
        ['lhci-googlechromelabs-react-shrine', 'lighthouserc.yml'],
        ['size-limit-7nohe-react-realtime-cursor', '.size-limit.json'],
        ['size-limit-7nohe-react-realtime-cursor', 'package.json'],
      ],
      { 'package-lock.json': '{ "name": "app", "lockfileVersion": 3, "requires": true, "packages": {} }\n' },
    )
    const { code, stdout, stderr } = await perfgate(
      dir,
      'init',
      '--from',
      'lighthouserc.yml',
      '--from',
      '.size-limit.json',
    )
    const output = stdout + stderr
    expect(code, output).toBe(0)
    // The short list of what was not translated, each naming the file, line and key.
    expect(output).toMatch(/Not translated \(3\)/)
    expect(output).toContain('lighthouserc.yml:26 ci.assert.assertions.interactive: no perfgate metric')
    expect(output).toContain('lighthouserc.yml:10 ci.assert.preset:')
    expect(output).toContain('lighthouserc.yml:7 ci.upload:')

    const config = await loadConfig({ cwd: dir, registry: builtinRegistry })
    expect(config.plugins.map((p) => p.name)).toEqual(['perfgate:lighthouse', 'perfgate:bundle'])
    const budgets = Object.fromEntries(config.budgets.map((b) => [b.pattern, b]))
    expect(budgets['lighthouse/*/fcp']).toMatchObject({ max: 3000, source: 'config', absolute: true })
    expect(budgets['bundle/asset/firebase.js/gzip']).toMatchObject({ max: 10_000, absolute: true })
    // FCP, the preset's total-byte-weight (an error in lighthouse:all) and the six files; the preset's
    // warn metrics are commented out.
    expect(budgets['lighthouse/*/bytes']).toMatchObject({ max: 2667 * 1024 })
    expect(config.budgets).toHaveLength(8)
    expect(config.ab.build).toBe('npm run build') // A/B timings for Lighthouse, from the lockfile and build script
    expect(config.failOn).toBe('regression')

    const workflow = join(dir, '.github/workflows/perfgate.yml')
    const steps = (
      parse(readFileSync(workflow, 'utf8')) as {
        jobs: { perfgate: { steps: Array<Record<string, unknown>> } }
      }
    ).jobs.perfgate.steps
    expect(steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'npm run build',
      'perfgate/perfgate@v0',
    ])
    const lint = await runProcess(VALIDATOR, [workflow], { cwd: REPO_ROOT })
    expect(lint.stdout + lint.stderr).toBe('')
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.perfgate/')

    // An existing config is never replaced without --force, as with `perfgate init`.
    const again = await perfgate(dir, 'init', '--from', 'lighthouserc.yml')
    expect(again.code).toBe(2)
    expect(again.stdout + again.stderr).toMatch(/A config already exists/)
    const forced = await perfgate(dir, 'init', '--force', '--from', 'lighthouserc.yml')
    expect(forced.code, forced.stdout + forced.stderr).toBe(0)
    expect((await loadConfig({ cwd: dir, registry: builtinRegistry })).plugins.map((p) => p.name)).toEqual([
      'perfgate:lighthouse',
    ])
  })

  it('translates a github-action-benchmark workflow; an existing workflow file is kept', async () => {
    const dir = await project([['gab-hyperium-hyper', '.github']], {
      '.github/workflows/perfgate.yml': '# mine\n',
    })
    const { code, stdout, stderr } = await perfgate(dir, 'init', '--from', '.github/workflows/bench.yml')
    const output = stdout + stderr
    expect(code, output).toBe(0)
    expect(output).toContain('.github/workflows/bench.yml:29 jobs.benchmark.steps[4].with.tool: cargo:')
    expect(output).toMatch(/perfgate\.yml exists: not replaced/)
    expect(output).toMatch(/perfgate\.config\.ts measures nothing yet/) // cargo output is not importable
    expect(readFileSync(join(dir, '.github/workflows/perfgate.yml'), 'utf8')).toBe('# mine\n')
    const config = await loadConfig({ cwd: dir, registry: builtinRegistry })
    expect(config.plugins).toEqual([])
    expect(config.failOn).toBe('regression') // fail-on-alert: true
  })

  it('says which file it cannot read', async () => {
    const dir = await project([], { 'notes.json': '{ "hello": 1 }\n' })
    const missing = await perfgate(dir, 'init', '--from', 'lighthouserc.json')
    expect(missing.code).toBe(2)
    expect(missing.stdout + missing.stderr).toMatch(/--from .*lighthouserc\.json: no such file/)
    const other = await perfgate(dir, 'init', '--from', 'notes.json')
    expect(other.code).toBe(2)
    expect(other.stdout + other.stderr).toMatch(/notes\.json: not a config perfgate can translate/)
    expect(existsSync(join(dir, 'perfgate.config.ts'))).toBe(false)
  })
})
