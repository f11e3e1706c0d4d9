import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PluginOutput } from '../../../core/model/types.js'
import { planFlows } from '../../../plugins/lighthouse/flows.js'
import { type LighthousePage, lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { createTestContext, type TestContext } from '../../helpers/plugin-context.js'
import { processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

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
    const test = createTestContext(fixture('lighthouse-flows'))
    expect(await plugin.units?.(test.ctx)).toEqual(['http://127.0.0.1:1/', 'flow:menu'])
    await test.cleanup()
  })
})

/** The menu page, with a 500 status the first time: a run Lighthouse fails once, as a busy machine can. */
async function failingOnce(): Promise<{ server: Server; url: string; hits: () => number }> {
  const html = readFileSync(join(fixture('lighthouse-flows'), 'index.html'))
  let hits = 0
  const server = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end()
    hits++
    // The page still renders (the click works): only Lighthouse's navigation fails.
    res.writeHead(hits === 1 ? 500 : 200, { 'content-type': 'text/html' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits: () => hits }
}

// One real run (one Chrome, one run of each page and flow) serves every test below: a page with an image
// without alt, two flows clicking a button whose handler busy-waits 0 and 200 ms, a flow whose
// selector is missing, one whose page fails its first load, and one that interacts with nothing.
describe('lighthousePlugin on real Chromium: categories and flows', () => {
  let test: TestContext
  let output: PluginOutput
  let flaky: Awaited<ReturnType<typeof failingOnce>>
  const metric = (id: string) => output.metrics?.find((m) => m.id === id)

  beforeAll(async () => {
    requireChrome()
    flaky = await failingOnce()
    test = createTestContext(fixture('lighthouse-flows'))
    output = await lighthousePlugin({
      staticDistDir: '.',
      urls: ['/missing-alt.html'],
      runs: 1,
      categories: ['performance', 'accessibility', 'seo'],
      flows: [
        {
          name: 'menu',
          steps: [{ navigate: '/?busy=0' }, { name: 'open', interact: openMenu }, { snapshot: 'opened' }],
        },
        // The same click, its handler 200 ms slower.
        { name: 'slow-menu', steps: [{ navigate: '/?busy=200' }, { name: 'open', interact: openMenu }] },
        {
          name: 'broken',
          steps: [
            { navigate: '/' },
            { name: 'open', interact: async (page) => void (await page.click('#missing')) },
          ],
        },
        { name: 'flaky', steps: [{ navigate: flaky.url }, { name: 'open', interact: openMenu }] },
        // A step that interacts with nothing: no INP, whichever run.
        { name: 'idle', steps: [{ navigate: '/' }, { name: 'wait', interact: async () => {} }] },
      ],
    }).collect(test.ctx)
  }, 300_000)
  afterAll(async () => {
    flaky?.server.close()
    await test?.cleanup()
  })

  it('tries a run Lighthouse failed once more in a fresh Chrome, and says so', () => {
    expect(flaky.hits()).toBeGreaterThanOrEqual(2)
    expect(metric('lighthouse/flaky/open/inp')?.samples).toHaveLength(1)
    expect(output.findings?.filter((f) => f.message.includes('flow "flaky"'))).toEqual([])
    expect(test.logger.lines.join('\n')).toMatch(
      /Lighthouse flow "flaky", step "[^"]+".*\(run 1\); trying the run again in a fresh Chrome\./,
    )
  })

  it('tries a run in which Lighthouse saw no interaction once more, then keeps it and says how to fix the step', () => {
    expect(metric('lighthouse/idle/wait/inp')).toBeUndefined()
    expect(metric('lighthouse/idle/wait/tbt')?.samples).toHaveLength(1)
    const log = test.logger.lines.join('\n')
    expect(log).toMatch(
      /Lighthouse flow "idle": no interaction recorded in step "wait" \(run 1\), so no INP; trying the run again in a fresh Chrome\./,
    )
    expect(log).toMatch(
      /Lighthouse flow "idle": no interaction recorded in step "wait" \(run 1\), so no INP; make the step click, tap or type on the page\./,
    )
    expect(output.findings?.filter((f) => f.message.includes('flow "idle"'))).toEqual([])
  })

  it('scores accessibility and SEO as exact metrics, lower with an image without alt, and names the audit and element', () => {
    const home = metric('lighthouse/menu/home/accessibility')
    const regressed = metric('lighthouse/missing-alt/accessibility')
    expect(regressed).toMatchObject({ unit: 'score', better: 'higher', timing: false })
    expect(regressed?.samples).toBeUndefined()
    expect(home?.value).toBe(100)
    expect(regressed?.value).toBeLessThan(100)
    expect(metric('lighthouse/missing-alt/seo')?.value).toBeGreaterThan(0)
    // Not run, not reported.
    expect(metric('lighthouse/missing-alt/best-practices')).toBeUndefined()
    const alt = output.findings?.filter((f) => f.ruleId === 'lighthouse/image-alt') ?? []
    expect(alt).toHaveLength(1)
    expect(alt[0].message).toMatch(
      /^\/missing-alt\.html: Image elements do not have `\[alt\]` attributes — .*img.*logo\.svg/,
    )
  })

  it('measures INP per timespan with its phases, larger for a 200 ms slower click handler', () => {
    const fast = metric('lighthouse/menu/open/inp')
    const slow = metric('lighthouse/slow-menu/open/inp')
    // The log says why when Lighthouse saw no interaction.
    expect(fast, test.logger.lines.join('\n')).toMatchObject({ unit: 'ms', better: 'lower' })
    expect(fast?.samples).toHaveLength(1)
    expect(slow?.samples?.[0]).toBeGreaterThan((fast?.samples?.[0] as number) + 100)
    expect(slow?.breakdown?.map((p) => p.key).sort()).toEqual([
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
    expect(metric('lighthouse/menu/opened/accessibility')).toMatchObject({ value: 100, timing: false })
    expect(existsSync(join(test.ctx.outDir, 'menu.flow.html'))).toBe(true)
  })

  it('fails only the flow whose selector is missing, naming the flow, the step, the selector and the page URL', () => {
    expect(output.metrics?.some((m) => m.id.startsWith('lighthouse/broken/'))).toBe(false)
    const failed = output.findings?.filter((f) => f.ruleId === 'lighthouse/flow-failed') ?? []
    expect(failed).toHaveLength(1)
    expect(failed[0].severity).toBe('error')
    expect(failed[0].message).toMatch(/flow "broken", step "open" on http:\/\/127\.0\.0\.1:\d+\/: .*#missing/)
    expect(output.error).toMatch(/^1 of 6 pages and flows failed: flow "broken"/)
    expect(existsSync(join(test.ctx.outDir, 'broken.flow.html'))).toBe(false)
    // The page and the other flow were measured; no Chrome is left.
    expect(metric('lighthouse/missing-alt/lcp')?.samples).toHaveLength(1)
    for (const profile of profilesFrom(test.logger.lines)) expect(processesMentioning(profile)).toEqual([])
  })
})
