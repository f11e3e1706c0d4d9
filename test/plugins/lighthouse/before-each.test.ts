import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type LighthousePage, lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

const context = useTestContexts(fixture('lighthouse-before-each'))
beforeAll(() => {
  requireChrome()
})

/** Signs in: the fixture page loads /avatar.svg only when localStorage holds the session. */
async function signIn(page: LighthousePage, url: string): Promise<void> {
  await page.goto(url)
  // Runs in the page, where localStorage exists (a string, since Node's typings have no DOM).
  await page.evaluate("localStorage.setItem('session', 'signed-in')")
}

/** URLs the audited page requested, from the representative run's JSON report. */
function requestedUrls(outDir: string): string[] {
  const lhr = JSON.parse(readFileSync(join(outDir, 'home.report.json'), 'utf8'))
  return lhr.audits['network-requests'].details.items.map((item: { url: string }) => item.url)
}

function expectNoChromeLeft(lines: string[]) {
  for (const profile of profilesFrom(lines)) expect(processesMentioning(profile)).toEqual([])
}

describe('lighthousePlugin beforeEach', () => {
  it('runs the hook before each run with the page URL, and the audit sees what it set', async () => {
    const { ctx, logger } = context()
    const calls: string[] = []
    const output = await lighthousePlugin({
      staticDistDir: '.',
      urls: ['/'],
      runs: 2,
      beforeEach: async (page, url) => {
        calls.push(url)
        await signIn(page, url)
      },
    }).collect(ctx)
    expect(calls).toHaveLength(2)
    for (const url of calls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(output.error).toBeUndefined()
    expect(output.metrics?.find((m) => m.id === 'lighthouse/home/score')?.samples).toHaveLength(2)
    expect(requestedUrls(ctx.outDir).some((url) => url.endsWith('/avatar.svg'))).toBe(true)
    // Run in this thread (the hook's tab), Lighthouse reads the trace with the compatible gatherer too:
    // the LCP element's audit, built on its trace engine, gives the phases.
    const lcp = output.metrics?.find((m) => m.id === 'lighthouse/home/lcp')
    expect(lcp?.breakdown?.map((p) => p.key)).toEqual(['ttfb', 'load-delay', 'load-time', 'render-delay'])
    expectNoChromeLeft(logger.lines)
  }, 40_000)

  it('retries a run whose Chrome was killed, with a warning, and still measures the page', async () => {
    const { ctx, logger } = context()
    let calls = 0
    const output = await lighthousePlugin({
      staticDistDir: '.',
      urls: ['/'],
      runs: 1,
      beforeEach: async (page, url) => {
        calls++
        await signIn(page, url)
        if (calls > 1) return
        // Crash the first Chrome: SIGKILL every process using its profile.
        const [profile] = profilesFrom(logger.lines)
        for (const pid of processesMentioning(profile)) process.kill(pid, 'SIGKILL')
      },
    }).collect(ctx)
    expect(calls).toBe(2)
    expect(logger.lines.some((line) => /Chrome failed during run 1 of .*retry 1 of 2/.test(line))).toBe(true)
    expect(output.error).toBeUndefined()
    expect(output.metrics?.find((m) => m.id === 'lighthouse/home/lcp')?.samples).toHaveLength(1)
    expect(requestedUrls(ctx.outDir).some((url) => url.endsWith('/avatar.svg'))).toBe(true)
    // A fresh Chrome (new profile) for the retry, and none left running.
    expect(profilesFrom(logger.lines)).toHaveLength(2)
    expectNoChromeLeft(logger.lines)
  }, 60_000)
})
