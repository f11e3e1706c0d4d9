import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '../../../core/model/types.js'
import { renderJson } from '../../../core/report/json.js'
import { CLI, tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'

/**
 * Issue 24, point 9: `run --sarif new/dir/x.sarif` failed after measuring (the folder did not exist), and
 * a SARIF file cut to GitHub's 25,000 results did not say so. Real CLI, real files.
 */

const CONFIG = `export default {
  plugins: [{
    name: 'perfgate:lint',
    collect: () => ({
      metrics: [{ id: 'lint/files', title: 'Files', unit: 'count', better: 'lower', value: 3 }],
      findings: [{ ruleId: 'lint/odd', severity: 'warning', message: 'odd line', file: 'a.js', line: 1 }],
    }),
  }],
}
`

const temp = tempDir('perfgate-sarif-cli-')

function perfgate(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: temp.dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', GITHUB_ACTIONS: '' },
    maxBuffer: 256 * 1024 * 1024,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  mkdirSync(join(temp.dir, '.git')) // the repository root SARIF paths are relative to
  writeFileSync(join(temp.dir, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(temp.dir, 'a.js'), 'let x = 1\n')
})
afterAll(() => temp.cleanup())

describe('SARIF files (child process)', { timeout: 60_000 }, () => {
  it('run --sarif creates the missing folders of its path, as --out does', () => {
    const { code, stderr } = perfgate(['run', '--no-compare', '--sarif', 'new/dir/x.sarif'])
    expect(stderr).not.toContain('Cannot write the SARIF file')
    expect(code).toBe(0)
    expect(stderr).toContain('SARIF written to new/dir/x.sarif (1 finding(s))')
    const sarif = JSON.parse(readFileSync(join(temp.dir, 'new/dir/x.sarif'), 'utf8'))
    expect(sarif.runs[0].results).toHaveLength(1)
    expect(sarif.runs[0].invocations).toBeUndefined() // nothing left out, nothing to say
  })

  it('past 25,000 results, the file and a warning say how many were left out; the errors are kept', () => {
    const findings: Finding[] = Array.from({ length: 25_003 }, (_, i) => ({
      plugin: 'perfgate:lint',
      ruleId: 'lint/noise',
      severity: 'info',
      message: `noise ${i}`,
    }))
    findings.push({ plugin: 'perfgate:lint', ruleId: 'lint/real', severity: 'error', message: 'real' })
    writeFileSync(join(temp.dir, 'many.json'), renderJson(makeReport({ findings })))
    const { code, stderr } = perfgate([
      'report',
      '--format',
      'sarif',
      '--input',
      'many.json',
      '--out',
      'out/many.sarif',
    ])
    expect(code).toBe(0)
    const note =
      "SARIF holds 25,000 of 25,004 findings (GitHub code scanning's limit per run): 4 left out, the least severe first; report.json has them all."
    expect(stderr).toContain(`warn  ${note}`)
    const run = JSON.parse(readFileSync(join(temp.dir, 'out/many.sarif'), 'utf8')).runs[0]
    expect(run.results).toHaveLength(25_000)
    expect(run.results[0]).toMatchObject({ ruleId: 'lint/real', level: 'error' })
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          { level: 'warning', message: { text: note }, descriptor: { id: 'perfgate/sarif-truncated' } },
        ],
      },
    ])
    expect(run.properties).toEqual({ truncated: { results: 25_000, total: 25_004, omitted: 4 } })
    expect(existsSync(join(temp.dir, 'out'))).toBe(true)
  })
})
