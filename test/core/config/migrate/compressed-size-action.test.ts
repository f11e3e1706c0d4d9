import { describe, expect, it } from 'vitest'
import { noteKeys, translated, untranslatedKeys } from './fixtures.js'

// Real workflows of public projects (test/fixtures/migrate/README.md).

describe('compressed-size-action: real workflows', () => {
  it('preactjs/preact: the default pattern measures dist, gzip; install kept, the no-op build dropped', async () => {
    const m = await translated('csa-preactjs-preact', '.github/workflows/size.yml')
    expect(m.bundle?.options).toEqual({ dir: 'dist', compression: 'gzip' })
    expect(m.budgets).toEqual([])
    expect(untranslatedKeys(m)).toEqual([])
    expect(noteKeys(m)).toEqual([
      'jobs.build.steps[3].with.pattern',
      'jobs.build.steps[3].with.pattern',
      'jobs.build.steps[3].with.build-script',
    ])
    expect(m.workflow).toMatchObject({ install: 'pnpm install --frozen-lockfile', build: null, node: false })
    expect(m.workflow.steps?.map((s) => s.uses)).toEqual(['pnpm/action-setup@v6', 'actions/setup-node@v4'])
    expect(m.failOn?.value).toBe('none')
  })

  it('preactjs/signals: a pattern over several folders is listed; hash stripping needs nothing', async () => {
    const m = await translated('csa-preactjs-signals', '.github/workflows/compressed-size.yml')
    expect(untranslatedKeys(m)).toEqual(['jobs.build.steps[3].with.pattern'])
    expect(m.untranslated[0]).toMatchObject({ line: 24, why: expect.stringMatching(/several folders/) })
    expect(noteKeys(m)).toEqual(['jobs.build.steps[3].with.strip-hash'])
    expect(m.workflow.build).toBe('npm run ci:build')
  })
})
