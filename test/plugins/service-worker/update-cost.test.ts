import { describe, expect, it } from 'vitest'
import {
  cacheKey,
  deriveUpdateCost,
  type ServiceWorkerData,
  updateCost,
} from '../../../plugins/service-worker/update-cost.js'
import { reportWith } from './helpers.js'

const worker = (sw: string) => [
  { file: 'sw.js', size: 1700, sha256: sw },
  { file: 'workbox-abc12345.js', size: 22_000, sha256: 'w'.repeat(64) },
]

const BASE: ServiceWorkerData = {
  version: 1,
  manifest: [
    { url: 'index.html', revision: 'r1', size: 500 },
    { url: 'assets/index-B3x9aK2f.js', revision: null, size: 10_000 },
    { url: 'assets/index-Cd8_kLm2.css', revision: null, size: 2_000 },
    { url: 'icon.svg', revision: 'i1', size: 100 },
  ],
  worker: worker('a'.repeat(64)),
}

describe('update cost', () => {
  it("Workbox's cache key: URL plus revision, or the bare URL", () => {
    expect(cacheKey({ url: 'index.html', revision: 'r1' })).toBe('index.html?__WB_REVISION__=r1')
    expect(cacheKey({ url: 'assets/a-B3x9aK2f.js', revision: null })).toBe('assets/a-B3x9aK2f.js')
  })

  it('counts entries with a new cache key and the worker files; unchanged keys are free', () => {
    const current: ServiceWorkerData = {
      ...BASE,
      manifest: [
        { url: 'index.html', revision: 'r2', size: 510 }, // new revision
        { url: 'assets/index-Xy7_pQ3z.js', revision: null, size: 10_400 }, // new hashed name
        { url: 'assets/index-Cd8_kLm2.css', revision: null, size: 2_000 }, // same key
        { url: 'icon.svg', revision: 'i1', size: 100 }, // same key
      ],
      worker: worker('b'.repeat(64)),
    }
    expect(updateCost(current, BASE)).toEqual({
      bytes: 510 + 10_400 + 1700 + 22_000,
      entries: 2,
      workerBytes: 23_700,
    })
  })

  it('an unchanged worker costs only its own update check', () => {
    expect(updateCost(BASE, BASE)).toEqual({ bytes: 1700, entries: 0, workerBytes: 1700 })
  })

  it('a revision that stays while the size changes is not re-downloaded (the key decides)', () => {
    const current = { ...BASE, manifest: BASE.manifest.map((e) => ({ ...e, size: (e.size ?? 0) + 1 })) }
    expect(updateCost(current, BASE).entries).toBe(0)
  })

  it('derive(): a change-cost metric from the two reports, none without the baseline manifest', () => {
    const current = { ...BASE, manifest: [...BASE.manifest, { url: 'new.png', revision: 'n', size: 300 }] }
    const out = deriveUpdateCost(reportWith(current), reportWith(BASE))
    expect(out.metrics).toEqual([
      expect.objectContaining({
        id: 'service-worker/update-cost',
        value: 300 + 1700,
        role: 'change-cost',
        unit: 'bytes',
      }),
      expect.objectContaining({ id: 'service-worker/update-cost/entries', value: 1, role: 'change-cost' }),
    ])
    expect(deriveUpdateCost(reportWith(current), reportWith(undefined))).toEqual({})
    // A malformed baseline record (reports are untrusted) is ignored, not trusted.
    expect(
      deriveUpdateCost(reportWith(current), reportWith({ version: 1, manifest: [{ url: 3 }], worker: [] })),
    ).toEqual({})
  })
})
