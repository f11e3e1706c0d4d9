import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FindingInput } from '../../../core/model/types.js'
import { capFindings, maxFindings } from '../../../core/run/metrics.js'
import { CLI, tempDir } from '../../helpers/paths.js'

/**
 * Issue 24, break 5: 200,000 findings crashed the run (`Maximum call stack size exceeded`, a spread into
 * `push`) and wrote no report. Now each plugin's findings are capped (errors first) with one note, and
 * no spread of a plugin's arrays is left on the way to the report. Real CLI.
 */

const CONFIG = `const many = (n, make) => Array.from({ length: n }, (_, i) => make(i))
export default {
  plugins: [{
    name: 'perfgate:flood',
    collect: () => ({
      metrics: many(150000, (i) => ({ id: 'flood/m' + i, title: 'm' + i, unit: 'count', better: 'lower', value: i })),
      findings: [
        ...many(200000, (i) => ({ ruleId: 'flood/noise', severity: 'warning', message: 'noise ' + i })),
        { ruleId: 'flood/real', severity: 'error', message: 'the one that matters' },
      ],
      artifacts: many(150000, (i) => ({ kind: 'log', path: 'log-' + i + '.txt' })),
    }),
  }],
}
`

let dir: string
let cleanup: () => void
let result: ReturnType<typeof spawnSync>

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('perfgate-flood-'))
  writeFileSync(join(dir, 'perfgate.config.mjs'), CONFIG)
  result = spawnSync(process.execPath, [CLI, 'run', '--no-compare', '--sarif', 'out.sarif'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', GITHUB_ACTIONS: '' },
    maxBuffer: 256 * 1024 * 1024,
  })
}, 120_000)
afterAll(() => cleanup())

describe('200,000 findings, 150,000 metrics and 150,000 artifacts from one plugin', {
  timeout: 120_000,
}, () => {
  it('write the report and exit 0 (findings never fail a run), without a stack overflow', () => {
    expect(result.stderr).not.toContain('Maximum call stack size exceeded')
    expect(result.status, String(result.stderr).slice(-2000)).toBe(0)
    const report = JSON.parse(readFileSync(join(dir, '.perfgate/report.json'), 'utf8'))
    expect(report.metrics).toHaveLength(150_000)
    expect(report.artifacts).toHaveLength(150_000)
    expect(report.findings).toHaveLength(1001)
    // The error comes first though the plugin put it last; the note says what was dropped.
    expect(report.findings[0]).toMatchObject({ ruleId: 'flood/real', severity: 'error' })
    const note = report.findings.find((f: { ruleId: string }) => f.ruleId === 'perfgate/findings-capped')
    expect(note.message).toBe(
      'perfgate:flood reported 200,001 findings: the 1,000 most severe are shown, 199,001 were dropped.',
    )
    expect(readFileSync(join(dir, '.perfgate/report.md'), 'utf8')).toContain('the one that matters')
    expect(readFileSync(join(dir, 'out.sarif'), 'utf8')).toContain('the one that matters')
  })
})

describe('capFindings', () => {
  const finding = (severity: FindingInput['severity'], i: number): FindingInput => ({
    ruleId: `r/${i}`,
    severity,
    message: `m${i}`,
  })

  it('keeps everything up to the limit, and the most severe first above it', () => {
    const few = [finding('info', 1), finding('error', 2)]
    expect(capFindings('p', few, 2)).toEqual(few)
    const capped = capFindings('p', [finding('info', 1), finding('warning', 2), finding('error', 3)], 2)
    expect(capped.map((f) => f.ruleId)).toEqual(['r/3', 'r/2', 'perfgate/findings-capped'])
    expect(capped[2]!.message).toBe('p reported 3 findings: the 2 most severe are shown, 1 were dropped.')
  })

  it('reads PERFGATE_MAX_FINDINGS, ignoring what is not a positive integer', () => {
    expect(maxFindings({})).toBe(1000)
    expect(maxFindings({ PERFGATE_MAX_FINDINGS: '50' })).toBe(50)
    expect(maxFindings({ PERFGATE_MAX_FINDINGS: '-1' })).toBe(1000)
    expect(maxFindings({ PERFGATE_MAX_FINDINGS: 'lots' })).toBe(1000)
  })
})
