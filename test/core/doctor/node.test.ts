import { describe, expect, it } from 'vitest'
import { nodeCheck, satisfies } from '../../../core/doctor/node.js'

describe('the Node version check', () => {
  it('reads the range forms engines fields use', () => {
    const cases: Array<[string, string, boolean]> = [
      ['20.19.0', '>=20.19', true],
      ['20.18.3', '>=20.19', false],
      ['22.1.0', '>=20.19', true],
      ['20.20.2', '^20.19 || >=22', true],
      ['21.0.0', '^20.19 || >=22', false],
      ['22.0.0', '^20.19 || >=22', true],
      ['18.20.0', '>=18 <20', true],
      ['20.0.0', '>=18 <20', false],
      ['20.19.5', '~20.19', true],
      ['20.20.0', '~20.19', false],
      ['20.3.0', '20.x', true],
      ['21.0.0', '20', false],
      ['20.19.1', '=20.19.1', true],
      ['0.3.1', '^0.3', true],
      ['0.4.0', '^0.3', false],
      ['v20.1.0', '*', true],
      ['20.19.0', '>= 14', true],
      ['20.19.0', '10.* || >= 12.*', true],
      ['20.19.0', '12 - 18', false],
      ['16.3.0', '12 - 18', true],
      ['18.20.0', '>=18.0.0 <19.0.0 || >=20.19', true],
      ['19.1.0', '>=18.0.0 <19.0.0 || >=20.19', false],
      ['23.0.0-nightly20240101', '>=20.19', true],
      ['20.19.0', 'not a range', true],
    ]
    for (const [version, range, expected] of cases)
      expect(satisfies(version, range), `${version} in ${range}`).toBe(expected)
  })

  it('passes this Node and fails an old one with how to upgrade', () => {
    expect(nodeCheck().status).toBe('ok')
    const old = nodeCheck('18.19.0')
    expect(old).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('v18.19.0, but perfgate needs Node >='),
    })
    expect(old.fix).toContain('setup-node')
  })
})
