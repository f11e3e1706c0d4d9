import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { renderJson } from '../../../core/report/json.js'
import { CLI, fixture, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function perfgate(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function out() {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  return dir
}

describe('perfgate CLI', { timeout: 30_000 }, () => {
  it('describes every command in --help, and bare `perfgate` prints the same help with exit 0', () => {
    const { code, stdout } = perfgate(['--help'], out())
    expect(code).toBe(0)
    const section = stdout.slice(
      stdout.indexOf('Commands:'),
      stdout.indexOf('\n\n', stdout.indexOf('Commands:')),
    )
    const commands = [...section.matchAll(/^ {2}(\w+)\b.*? {2,}(\S.*)$/gm)].map((m) => [m[1], m[2]])
    const names = commands.map(([name]) => name)
    expect(names).toEqual(
      expect.arrayContaining(['run', 'baseline', 'compare', 'merge', 'publish', 'init', 'doctor']),
    )
    for (const [, description] of commands) expect(description.length).toBeGreaterThan(20)
    expect(stdout).toMatch(
      /Exit codes:\n {2}0 +pass\n {2}1 +a regression.*\n {2}2 +usage.*\n {2}3 +a plugin.*\n {2}130 +interrupted/,
    )
    for (const help of [stdout, ...names.map((name) => perfgate([name, '--help'], out()).stdout)])
      for (const row of help.split('\n')) expect(row.trimEnd().length, row).toBeLessThanOrEqual(80)
    const bare = perfgate([], out())
    expect(bare.code).toBe(0)
    expect(bare.stdout).toBe(stdout)
    const run = perfgate(['run', '--help'], out())
    expect(run.stdout).toContain('--allow-partial')
  })

  it('run prints the human report and exits 1 when a budget is exceeded under failOn budget', () => {
    const dir = out()
    const { code, stdout, stderr } = perfgate(['run', '--no-compare', '--out', dir], fixture('custom-plugin'))
    expect(stderr).toContain('perfgate:word-count')
    // The reviewer's view names the figure and its budget; ids are for --verbose.
    expect(stdout).toMatch(/Over budget \(1\)[\s\S]*budget ≤ 2/)
    expect(code).toBe(1)
    const verbose = perfgate(['run', '--no-compare', '--verbose', '--out', dir], fixture('custom-plugin'))
    expect(verbose.stdout).toContain('words/count')
    expect(existsSync(join(dir, 'report.json'))).toBe(true)
    expect(existsSync(join(dir, 'report.md'))).toBe(true)
  })

  it('--json prints only the report JSON on stdout', () => {
    const dir = out()
    const { stdout } = perfgate(['run', '--no-compare', '--json', '--out', dir], fixture('custom-plugin'))
    const report = JSON.parse(stdout)
    expect(report.schemaVersion).toBe(1)
    expect(report.metrics.map((m: { id: string }) => m.id)).toEqual(['words/count', 'words/timing'])
  })

  it('exits 3 when a plugin fails, still reporting the others, with no stack trace', () => {
    const dir = out()
    const { code, stdout, stderr } = perfgate(
      ['run', '--no-compare', '--out', dir],
      fixture('plugin-failures'),
    )
    expect(code).toBe(3)
    expect(stdout + stderr).toContain('disk on fire')
    expect(stderr).not.toMatch(/\n\s+at /)
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
    expect(report.plugins.filter((p: { status: string }) => p.status === 'ok')).toHaveLength(2)
  })

  it('shows stack traces only with --debug', () => {
    const dir = out()
    const { stderr } = perfgate(['run', '--no-compare', '--debug', '--out', dir], fixture('plugin-failures'))
    expect(stderr).toMatch(/\n.*\s+at /)
  })

  it('exits 2 with the file and option path on a bad config', () => {
    const { code, stderr } = perfgate(['run'], fixture('config-unknown-option'))
    expect(code).toBe(2)
    expect(stderr).toContain('perfgate.config.json')
    expect(stderr).toContain('unknown option "budget"')
    expect(stderr).not.toMatch(/\s+at /)
  })

  it('exits 2 with the config hint when the config’s default export is a rejected promise or null', () => {
    const dir = out()
    writeFileSync(join(dir, 'perfgate.config.mjs'), "export default Promise.reject(new Error('x'))\n")
    const rejected = perfgate(['run'], dir)
    expect(rejected.code).toBe(2)
    expect(rejected.stderr).toContain(`Could not load config ${join(dir, 'perfgate.config.mjs')}: x`)
    expect(rejected.stderr).toContain('export default defineConfig')
    expect(rejected.stderr).not.toContain('unexpectedly')

    writeFileSync(join(dir, 'perfgate.config.mjs'), 'export default null\n')
    const empty = perfgate(['run'], dir)
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('perfgate.config.mjs: the default export is null, not a config object.')
    expect(empty.stderr).toContain('export default defineConfig({')
    expect(empty.stderr).not.toContain('unknown option')
  })

  it('exits 2 with usage on an unknown flag or command', () => {
    const flag = perfgate(['run', '--frobnicate'], out())
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('Unknown option `--frobnicate` for `perfgate run`.')
    expect(flag.stderr).toContain('Run `perfgate run --help` for usage.')
    expect(flag.stderr).not.toContain('did you mean')
    const command = perfgate(['frobnicate'], out())
    expect(command.code).toBe(2)
    expect(command.stderr).toContain('Unknown command "frobnicate"')
    expect(command.stderr).toMatch(/commands are run, baseline, .*doctor/)
  })

  it('suggests the closest flag in the spelling the user typed, and the closest command', () => {
    const cases: Array<[string[], string]> = [
      [
        ['run', '--save-basline'],
        'Unknown option `--save-basline` for `perfgate run`: did you mean `--save-baseline`?',
      ],
      [
        ['run', '--saveBasline'],
        'Unknown option `--saveBasline` for `perfgate run`: did you mean `--save-baseline`?',
      ],
      [
        ['run', '--no-comapre'],
        'Unknown option `--no-comapre` for `perfgate run`: did you mean `--no-compare`?',
      ],
      [['run', '--ful-on=any'], 'Unknown option `--ful-on` for `perfgate run`: did you mean `--fail-on`?'],
      [['compare', 'a.json', '--save-baseline'], '`--save-baseline` is an option of `perfgate run`.'],
      [
        ['--save-baseline'],
        'Unknown option `--save-baseline` for `perfgate`: `--save-baseline` is an option of `perfgate run`.',
      ],
      [['--hepl'], 'did you mean `--help`?'],
      [['rn'], 'Unknown command "rn": did you mean `perfgate run`?'],
      [['baselin', 'list'], 'did you mean `perfgate baseline`?'],
      [['docter'], 'did you mean `perfgate doctor`?'],
    ]
    for (const [args, message] of cases) {
      const result = perfgate(args, out())
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toContain(message)
    }
  })

  it('exits 2 without a config, naming each folder it looked in (up to the git root) and `perfgate init`', () => {
    const dir = out()
    mkdirSync(join(dir, 'repo/.git'), { recursive: true })
    mkdirSync(join(dir, 'repo/web'), { recursive: true })
    for (const command of [['run'], ['baseline', 'list']]) {
      const { code, stdout, stderr } = perfgate(command, join(dir, 'repo/web'))
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toContain(`in ${join(dir, 'repo/web')}, ${join(dir, 'repo')} (the git root).`)
      expect(stderr).toContain('perfgate init')
      expect(stderr).not.toMatch(/\s+at /)
    }
  })

  it('exits 2 naming an unwritable output folder', () => {
    const dir = out()
    writeFileSync(join(dir, 'a-file'), '')
    for (const target of [join(dir, 'a-file', 'reports'), '/proc/perfgate-cannot-write/reports']) {
      const { code, stderr } = perfgate(['run', '--out', target], fixture('custom-plugin'))
      expect(code).toBe(2)
      expect(stderr).toContain(target)
    }
  })

  it('init writes a starter config for a Vite project, and refuses to overwrite it', () => {
    const dir = out()
    writeFileSync(join(dir, 'vite.config.ts'), 'export default {}')
    const first = perfgate(['init'], dir)
    expect(first.code).toBe(0)
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("import { spa } from 'perfgate/presets'")
    expect(written).toContain('presets: [spa()]')
    const again = perfgate(['init'], dir)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('--force')
  })

  it('init for a Node server writes the api preset with its start script load-tested, and the run measures it', () => {
    const dir = out()
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'srv', private: true, type: 'module', scripts: { start: 'node server.mjs' } }),
    )
    writeFileSync(
      join(dir, 'server.mjs'),
      "import { createServer } from 'node:http'\ncreateServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')\n",
    )
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(REPO_ROOT, join(dir, 'node_modules/perfgate'), 'dir')
    expect(perfgate(['init'], dir).code).toBe(0)
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("command: 'npm run start'")
    const run = perfgate(['run', '--json'], dir)
    expect(run.stderr).not.toMatch(/error/i)
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { metrics: Array<{ id: string; samples?: number[] }> }
    const latency = report.metrics.find((m) => m.id === 'bench/http/home/latency-p50')
    expect(latency?.samples).toHaveLength(3)
  }, 90_000)

  it('compare redacts the config’s redact values, as run does', () => {
    const dir = out()
    const secret = 'hunter2-compare-cli-secret'
    const report = (value: number, commit: string) =>
      makeReport({ commit, metrics: [makeMetric('bundle/main/brotli', value, { title: `size ${secret}` })] })
    writeFileSync(join(dir, 'current.json'), renderJson(report(12_000, 'a'.repeat(40))))
    writeFileSync(join(dir, 'base.json'), renderJson(report(10_000, 'b'.repeat(40))))
    writeFileSync(join(dir, 'perfgate.config.json'), JSON.stringify({ redact: [secret] }))
    const result = perfgate(['compare', 'current.json', 'base.json', '--json'], dir)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).metrics[0].verdict).toBe('regressed')
    expect(result.stdout + result.stderr).not.toContain(secret)
  })

  it('init adds .perfgate/ to .gitignore: creates it, appends once, never duplicates', () => {
    const fresh = out()
    expect(perfgate(['init'], fresh).stderr).toContain('Created .gitignore with .perfgate/')
    expect(readFileSync(join(fresh, '.gitignore'), 'utf8')).toMatch(/^\.perfgate\/$/m)

    const existing = out()
    writeFileSync(join(existing, '.gitignore'), 'node_modules\ndist') // no final newline
    expect(perfgate(['init'], existing).stderr).toContain('Added .perfgate/ to .gitignore')
    const text = readFileSync(join(existing, '.gitignore'), 'utf8')
    expect(text.split('\n')).toEqual(expect.arrayContaining(['node_modules', 'dist', '.perfgate/']))
    expect(perfgate(['init', '--force'], existing).code).toBe(0)
    expect(readFileSync(join(existing, '.gitignore'), 'utf8')).toBe(text)

    // Already ignored by the repository root's .gitignore: nothing to add in the package.
    const repo = out()
    mkdirSync(join(repo, '.git'))
    mkdirSync(join(repo, 'web'))
    writeFileSync(join(repo, '.gitignore'), '.perfgate\n')
    expect(perfgate(['init'], join(repo, 'web')).code).toBe(0)
    expect(existsSync(join(repo, 'web/.gitignore'))).toBe(false)
  })

  it('init refuses a second config below an existing one up to the git root, saying where it is', () => {
    const repo = out()
    mkdirSync(join(repo, '.git'))
    mkdirSync(join(repo, 'packages/web'), { recursive: true })
    writeFileSync(join(repo, 'perfgate.config.json'), '{ "plugins": ["host"] }')
    const below = perfgate(['init'], join(repo, 'packages/web'))
    expect(below.code).toBe(2)
    expect(below.stderr).toContain(
      `A config already exists above this folder: ${join(repo, 'perfgate.config.json')}`,
    )
    expect(existsSync(join(repo, 'packages/web/perfgate.config.ts'))).toBe(false)
    expect(perfgate(['init', '--force'], join(repo, 'packages/web')).code).toBe(0)
    expect(existsSync(join(repo, 'packages/web/perfgate.config.ts'))).toBe(true)
  })
})
