import { describe, expect, it } from 'vitest'
import { parseCgroupMemory } from '../../../core/host/cgroup.js'

const STAT_V2 = 'anon 104857600\nfile 314572800\ninactive_file 209715200\nactive_file 104857600\n'
const STAT_V1 = 'cache 314572800\nrss 104857600\ninactive_file 1\ntotal_inactive_file 209715200\n'

describe('cgroup memory', () => {
  it('reads a v2 limit, counting reclaimable page cache as free', () => {
    expect(parseCgroupMemory('1073741824\n', '524288000\n', STAT_V2, 'inactive_file')).toEqual({
      limit: 1_073_741_824,
      used: 524_288_000 - 209_715_200,
    })
  })

  it('reads v1, where the total_ line counts the whole hierarchy', () => {
    expect(parseCgroupMemory('2147483648', '524288000', STAT_V1, 'total_inactive_file')).toEqual({
      limit: 2_147_483_648,
      used: 524_288_000 - 209_715_200,
    })
  })

  it('reports no limit for "max", v1’s near-2^63 value, and missing or garbled files', () => {
    expect(parseCgroupMemory('max\n', '524288000', STAT_V2, 'inactive_file')).toBeNull()
    expect(parseCgroupMemory('9223372036854771712', '1', STAT_V1, 'total_inactive_file')).toBeNull()
    expect(parseCgroupMemory(null, '1', null, 'inactive_file')).toBeNull()
    expect(parseCgroupMemory('1073741824', null, null, 'inactive_file')).toBeNull()
    expect(parseCgroupMemory('lots', '1', null, 'inactive_file')).toBeNull()
    // No memory.stat: usage as it is.
    expect(parseCgroupMemory('1000', '600', null, 'inactive_file')).toEqual({ limit: 1000, used: 600 })
  })
})
