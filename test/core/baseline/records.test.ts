import { describe, expect, it } from 'vitest'
import { parseRecordPath, recordPath } from '../../../core/baseline/index.js'

const sha = '0123456789abcdef0123456789abcdef01234567'

describe('record paths', () => {
  it('puts one file per commit, or per shard, under a two-character prefix', () => {
    expect(recordPath({ commit: sha })).toBe(`runs/01/${sha}.json`)
    expect(recordPath({ commit: sha, shard: { index: 2, total: 3 } })).toBe(
      `runs/01/${sha}.shard-2-of-3.json`,
    )
    expect(recordPath({ commit: sha, shard: { index: 1, total: 1 } })).toBe(`runs/01/${sha}.json`)
  })

  it('reads paths back and ignores anything else on the branch', () => {
    expect(parseRecordPath(`runs/01/${sha}.json`)).toEqual({ path: `runs/01/${sha}.json`, commit: sha })
    expect(parseRecordPath(`runs/01/${sha}.shard-2-of-3.json`)?.shard).toEqual({ index: 2, total: 3 })
    expect(parseRecordPath(`runs/02/${sha}.json`)).toBeNull()
    expect(parseRecordPath('README.md')).toBeNull()
    expect(parseRecordPath(`runs/01/${sha}.json.tmp`)).toBeNull()
  })
})
