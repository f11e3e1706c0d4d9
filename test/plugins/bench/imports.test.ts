import { describe, expect, it } from 'vitest'
import { benchPlugin } from '../../../plugins/bench/index.js'
import { fixture } from '../../helpers/paths.js'
import { pluginContext } from '../../helpers/plugin-context.js'

// Imports only read files: no process to track, nothing written to outDir.
const context = () => pluginContext({ cwd: fixture('bench-imports'), outDir: fixture('bench-imports') })

describe('benchPlugin imports', () => {
  it('reads vitest, hyperfine and github-action-benchmark results into metrics', async () => {
    const output = await benchPlugin({
      files: false,
      imports: [
        { format: 'vitest', file: 'vitest.json', name: 'parse' },
        { format: 'hyperfine', file: 'hyperfine.json' },
        { format: 'github-action-benchmark', file: 'gab.json', name: 'custom' },
      ],
    }).collect(context())
    const byId = new Map(output.metrics?.map((m) => [m.id, m]))
    expect(byId.get('bench/parse/src-parse-bench-ts-parse-json-parse/latency-p50')).toMatchObject({
      unit: 'ms',
      better: 'lower',
      value: 0.0187,
      timing: true,
    })
    expect(byId.get('bench/parse/src-parse-bench-ts-parse-custom-parser/ops')).toMatchObject({
      unit: 'ops/s',
      better: 'higher',
      value: 12000,
    })
    const hyperfine = byId.get('bench/hyperfine/node-build-js/time')
    expect(hyperfine?.samples?.map((s) => Math.round(s * 10) / 10)).toEqual([118, 121, 122.8, 125, 131])
    expect(byId.get('bench/custom/render-list')).toMatchObject({ unit: 'ms', value: 12.5, better: 'lower' })
    expect(byId.get('bench/custom/bundle-size')).toMatchObject({ unit: 'bytes', value: 10240 })
    expect(byId.get('bench/custom/startup')?.value).toBeCloseTo(0.85)
    expect(output.findings).toEqual([])
  })

  it('reports a missing or malformed results file as a finding and keeps the other imports', async () => {
    const output = await benchPlugin({
      files: false,
      imports: [
        { format: 'hyperfine', file: 'missing.json' },
        { format: 'hyperfine', file: 'vitest.json' },
        { format: 'github-action-benchmark', file: 'gab.json', better: 'higher' },
      ],
    }).collect(context())
    expect(output.findings?.map((f) => [f.ruleId, f.file])).toEqual([
      ['bench/import-invalid', 'missing.json'],
      ['bench/import-invalid', 'vitest.json'],
    ])
    expect(output.findings?.[1].message).toContain('no "results" array')
    expect(output.metrics?.every((m) => m.better === 'higher')).toBe(true)
    expect(output.metrics).toHaveLength(3)
  })
})
