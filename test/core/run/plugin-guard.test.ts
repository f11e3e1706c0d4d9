import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HANG_GRACE_MS } from '../../../core/cli/supervisor.js'
import { CLI, fixture, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

const TOKEN = 'ghs_EscapeGuard0123456789abcdefABCDEF'

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

describe('a plugin cannot end or crash the run from inside the process', () => {
  it('process.exit, a throw in a callback and an unhandled rejection fail that plugin; the others report, no secret is printed', async () => {
    const { dir, cleanup } = tempDir('perfgate-escapes-')
    try {
      const out = join(dir, 'out')
      const run = await runProcess(process.execPath, [CLI, 'run', '--no-compare', '--out', out], {
        cwd: fixture('hostile-escapes'),
        env: { ...process.env, CI: 'true', GITHUB_TOKEN: TOKEN },
      })
      // failOn none, but plugins failed: the measurement is incomplete (exit 3), never a pass.
      expect(run.code, run.stderr).toBe(3)
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
      const status = Object.fromEntries(
        report.plugins.map((p: { name: string; status: string; error?: string }) => [p.name, p]),
      )
      expect(status['perfgate:before'].status).toBe('ok')
      expect(status['perfgate:after'].status).toBe('ok')
      expect(status['perfgate:throw-after-return'].status).toBe('ok')
      expect(status['perfgate:exit-now']).toMatchObject({ status: 'failed' })
      expect(status['perfgate:exit-now'].error).toContain('called process.exit(0)')
      expect(status['perfgate:exit-later'].error).toContain('called process.exit(0)')
      expect(status['perfgate:throw-in-callback'].error).toMatch(
        /failed outside its collect\(\), with an exception thrown in a callback: upload failed/,
      )
      expect(status['perfgate:unhandled-rejection'].error).toMatch(
        /with a promise rejection nobody handled: Bearer \S+ refused/,
      )
      expect(report.metrics.map((m: { id: string }) => m.id).sort()).toEqual([
        'after/value',
        'before/value',
        'throw-after-return/value',
      ])
      // The late throw is reported as the plugin's, after its call: a warning, not a crash.
      expect(run.stderr).toMatch(/perfgate:throw-after-return: it failed outside its collect\(\).*ignored/)
      for (const text of [run.stdout, run.stderr, ...filesUnder(out).map((f) => readFileSync(f, 'utf8'))])
        expect(text).not.toContain(TOKEN)
    } finally {
      cleanup()
    }
  }, 60_000)

  it('a busy loop and a plugin killing perfgate are lost alone: the parent runs the others again and the report is written', async () => {
    const { dir, cleanup } = tempDir('perfgate-hangs-')
    try {
      const out = join(dir, 'out')
      const started = performance.now()
      const run = await runProcess(process.execPath, [CLI, 'run', '--no-compare', '--out', out], {
        cwd: fixture('hostile-hangs'),
        env: { ...process.env, CI: 'true' },
      })
      expect(run.code, run.stderr).toBe(3)
      // One timeout (1 s) and the grace after it, not the busy loop's forever.
      expect(performance.now() - started).toBeLessThan(HANG_GRACE_MS + 20_000)
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
      const byName = new Map(
        report.plugins.map((p: { name: string; status: string; error?: string }) => [p.name, p]),
      )
      expect(byName.get('perfgate:before')).toMatchObject({ status: 'ok' })
      expect(byName.get('perfgate:after')).toMatchObject({ status: 'ok' })
      expect(byName.get('perfgate:busy-loop')).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/did not return within its timeout \(1 s\).*busy/),
      })
      expect(byName.get('perfgate:kill-self')).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('ended perfgate itself while it ran (signal SIGKILL)'),
      })
      expect(report.metrics.map((m: { id: string }) => m.id).sort()).toEqual(['after/value', 'before/value'])
      expect(run.stderr).toContain('perfgate: perfgate:busy-loop did not return within its timeout')
      expect(run.stderr).toContain('Measuring the other plugins again without it.')
    } finally {
      cleanup()
    }
  }, 90_000)
})
