import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StaticServer, serveStatic } from '../../../core/toolkit/index.js'
import { planFlows } from '../../../plugins/lighthouse/flows.js'
import { type LighthousePage, lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

const context = useTestContexts(fixture('lighthouse-flows'))
let server: StaticServer
beforeAll(async () => {
  requireChrome()
  server = await serveStatic(fixture('lighthouse-flows'), { spa: false })
})
afterAll(async () => {
  await server?.close()
})

const openMenu = async (page: LighthousePage) => {
  await page.click('#menu')
}

describe('planFlows', () => {
  it('names a navigation after its path as pages are, other steps by their names, unique in the flow', () => {
    const [planned] = planFlows(
      [
        {
          name: 'Checkout',
          steps: [
            { navigate: '/' },
            { name: 'Add to cart', interact: openMenu },
            { navigate: '/cart.html?step=1' },
            { navigate: '/' },
            { navigate: '/', name: 'back home' },
            { snapshot: 'paid' },
          ],
        },
      ],
      'http://127.0.0.1:4173',
    )
    expect(planned.slug).toBe('checkout')
    expect(planned.steps.map((s) => s.slug)).toEqual([
      'home',
      'add-to-cart',
      'cart',
      'home-2',
      'back-home',
      'paid',
    ])
    expect(planned.steps.map((s) => s.kind)).toEqual([
      'navigate',
      'interact',
      'navigate',
      'navigate',
      'navigate',
      'snapshot',
    ])
    expect(planned.steps[2].url).toBe('http://127.0.0.1:4173/cart.html?step=1')
  })

  it('lists each flow as a unit for --shard after the pages', async () => {
    const plugin = lighthousePlugin({
      urls: ['http://127.0.0.1:1/'],
      flows: [{ name: 'menu', steps: [{ navigate: 'http://127.0.0.1:1/' }] }],
    })
    const { ctx } = context()
    expect(await plugin.units?.(ctx)).toEqual(['http://127.0.0.1:1/', 'flow:menu'])
  })
})

describe('lighthousePlugin flows', () => {
  it('measures INP per timespan, larger for a slower click handler, and fails only the flow whose selector is missing', async () => {
    const { ctx, logger } = context()
    const output = await lighthousePlugin({
      runs: 1,
      categories: ['performance', 'accessibility'],
      flows: [
        {
          name: 'menu',
          steps: [
            { navigate: `${server.origin}/?busy=0` },
            { name: 'open', interact: openMenu },
            { snapshot: 'opened' },
          ],
        },
        // The same click, its handler 200 ms slower.
        {
          name: 'slow-menu',
          steps: [{ navigate: `${server.origin}/?busy=200` }, { name: 'open', interact: openMenu }],
        },
        {
          name: 'broken',
          steps: [
            { navigate: `${server.origin}/?busy=0` },
            { name: 'open', interact: async (page) => void (await page.click('#missing')) },
          ],
        },
      ],
    }).collect(ctx)
    const metric = (id: string) => output.metrics?.find((m) => m.id === id)

    // A timespan: INP (with its phases), TBT and CLS, one sample per run.
    const fast = metric('lighthouse/menu/open/inp')
    const slow = metric('lighthouse/slow-menu/open/inp')
    expect(fast).toMatchObject({ unit: 'ms', better: 'lower' })
    expect(fast?.samples).toHaveLength(1)
    expect(slow?.samples?.[0]).toBeGreaterThan((fast?.samples?.[0] as number) + 100)
    expect(fast?.breakdown?.map((p) => p.key).sort()).toEqual([
      'input-delay',
      'presentation-delay',
      'processing',
    ])
    const parts = slow?.breakdown?.reduce((sum, p) => sum + p.value, 0) as number
    expect(Math.abs(parts - (slow?.samples?.[0] as number))).toBeLessThan(5)
    expect(metric('lighthouse/menu/open/tbt')?.samples).toHaveLength(1)
    expect(metric('lighthouse/menu/open/cls')?.samples).toHaveLength(1)
    // A navigation: a page's set, named after its path; a snapshot: the category scores.
    expect(metric('lighthouse/menu/home/lcp')?.samples).toHaveLength(1)
    expect(metric('lighthouse/menu/home/accessibility')?.value).toBe(100)
    expect(metric('lighthouse/menu/opened/accessibility')).toMatchObject({ value: 100, timing: false })

    // The broken flow alone failed, naming the flow, the step, the selector and the page URL.
    expect(output.metrics?.some((m) => m.id.startsWith('lighthouse/broken/'))).toBe(false)
    const failed = output.findings?.filter((f) => f.ruleId === 'lighthouse/flow-failed') ?? []
    expect(failed).toHaveLength(1)
    expect(failed[0].severity).toBe('error')
    for (const text of ['flow "broken"', 'step "open"', '#missing', `${server.origin}/?busy=0`])
      expect(failed[0].message).toContain(text)
    expect(output.error).toMatch(/^1 of 3 pages and flows failed: flow "broken"/)

    // Lighthouse's own flow report of each measured flow; no Chrome left.
    expect(existsSync(join(ctx.outDir, 'menu.flow.html'))).toBe(true)
    expect(existsSync(join(ctx.outDir, 'broken.flow.html'))).toBe(false)
    for (const profile of profilesFrom(logger.lines)) expect(processesMentioning(profile)).toEqual([])
  }, 90_000)
})
