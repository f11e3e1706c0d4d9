import { beforeAll, describe, expect, it } from 'vitest'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { requireChrome } from './chrome-helpers.js'

const context = useTestContexts(fixture('lighthouse-flows'))
beforeAll(() => {
  requireChrome()
})

describe('lighthousePlugin categories', () => {
  it('scores accessibility and SEO as exact metrics and names the failing audit with its element', async () => {
    const { ctx } = context()
    const output = await lighthousePlugin({
      staticDistDir: '.',
      urls: ['/', '/missing-alt.html'],
      runs: 1,
      categories: ['accessibility', 'seo'],
    }).collect(ctx)
    expect(output.error).toBeUndefined()
    const metric = (id: string) => output.metrics?.find((m) => m.id === id)
    const home = metric('lighthouse/home/accessibility')
    const regressed = metric('lighthouse/missing-alt/accessibility')
    expect(home).toMatchObject({ unit: 'score', better: 'higher', timing: false })
    expect(home?.samples).toBeUndefined()
    expect(regressed?.value).toBeLessThan(home?.value as number)
    expect(metric('lighthouse/home/seo')?.value).toBeGreaterThan(0)
    // Not run, not reported.
    expect(metric('lighthouse/home/best-practices')).toBeUndefined()
    const alt = output.findings?.filter((f) => f.ruleId === 'lighthouse/image-alt') ?? []
    expect(alt).toHaveLength(1)
    expect(alt[0].message).toMatch(
      /^\/missing-alt\.html: Image elements do not have `\[alt\]` attributes — .*img/,
    )
    expect(alt[0].message).toContain('logo.svg')
  }, 40_000)
})
