import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI, fixture, tempDir } from '../../helpers/paths.js'

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

describe('perfgate CLI', () => {
  it('prints help listing only the commands that work', () => {
    const { code, stdout } = perfgate(['--help'], out())
    expect(code).toBe(0)
    for (const command of ['run', 'baseline', 'compare', 'merge', 'publish', 'init'])
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'))
    // `report` (html/sarif renderers) has not landed: it must not be offered.
    expect(stdout).not.toMatch(/^\s+report\s/m)
  })

  it('run prints the human report and exits 1 when a budget is exceeded under failOn budget', () => {
    const dir = out()
    const { code, stdout, stderr } = perfgate(['run', '--no-compare', '--out', dir], fixture('custom-plugin'))
    expect(stderr).toContain('perfgate:word-count')
    expect(stdout).toContain('words/count')
    expect(code).toBe(1)
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

  it('exits 2 with usage on an unknown flag or command', () => {
    const flag = perfgate(['run', '--frobnicate'], out())
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/Unknown option `--frobnicate`.*perfgate --help/)
    const command = perfgate(['frobnicate'], out())
    expect(command.code).toBe(2)
    expect(command.stderr).toContain('Unknown command "frobnicate"')
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
})
