import { describe, expect, it } from 'vitest'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { bundleData, deriveBundle } from '../../../plugins/bundle/derive.js'
import type { AssetSize } from '../../../plugins/bundle/types.js'

const PLUGIN = 'perfgate:bundle'

function asset(file: string, raw: number, gzip: number, brotli: number, hash = file): AssetSize {
  return { file, name: file, kind: 'other', hash, raw, gzip, brotli, initial: false, sourceMap: false }
}

/** A record as a run saves it: per-file metrics and the plugin's data. */
function record(assets: AssetSize[], data: Record<string, unknown>): RunReport {
  const metrics = assets.flatMap((a) =>
    (['raw', 'gzip', 'brotli'] as const).map(
      (enc) => ({ id: `bundle/asset/${a.name}/${enc}`, plugin: PLUGIN, value: a[enc] }) as Metric,
    ),
  )
  return { metrics, plugins: [{ name: PLUGIN, status: 'ok', durationMs: 1, data }] } as unknown as RunReport
}

describe('a baseline saved when every file was compressed', () => {
  const before = [asset('app.js', 10_000, 3_000, 2_500), asset('hero.png', 50_000, 46_000, 45_500)]
  const now = [asset('app.js', 10_000, 3_000, 2_500), asset('hero.png', 50_000, 50_000, 50_000)]

  it('gets one warning with the bytes the new rule adds, from the baseline’s per-file sizes', () => {
    const oldData = { files: bundleData(before).files } // as older versions wrote it: no `sizing`
    const { findings } = deriveBundle(record(now, bundleData(now)), record(before, oldData))
    const sizing = findings?.filter((f) => f.ruleId === 'bundle/sizing-changed') ?? []
    expect(sizing).toHaveLength(1)
    expect(sizing[0].severity).toBe('warning')
    expect(sizing[0].message).toContain('1 of its files')
    expect(sizing[0].message).toContain('brotli sizes 4,500 bytes and gzip sizes 4,000 bytes larger')
    expect(sizing[0].help).toContain('perfgate baseline save')
  })

  it('says so without a figure when the baseline has no per-file sizes', () => {
    const base = record(before, { files: bundleData(before).files })
    base.metrics = []
    const { findings } = deriveBundle(record(now, bundleData(now)), base)
    expect(findings?.find((f) => f.ruleId === 'bundle/sizing-changed')?.message).toContain(
      'has no per-file sizes',
    )
  })

  it('is silent against a baseline counted the same way, or with only compressible files', () => {
    expect(deriveBundle(record(now, bundleData(now)), record(before, bundleData(before))).findings).toEqual(
      [],
    )
    const text = [asset('app.js', 10_000, 3_000, 2_500)]
    const old = record(text, { files: bundleData(text).files })
    expect(deriveBundle(record(text, bundleData(text)), old).findings).toEqual([])
  })
})
