import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { useBenchContexts } from '../bench/context.js'
import { caught, processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

const context = useBenchContexts(fixture('lighthouse-static-site'))
beforeAll(() => {
  requireChrome()
})

describe('lighthousePlugin bad input', () => {
  it('names a missing staticDistDir, exit 2, from units() and collect()', async () => {
    const { ctx } = context()
    const plugin = lighthousePlugin({ staticDistDir: 'no-such-dist' })
    for (const error of [await caught(plugin.units?.(ctx)), await caught(plugin.collect(ctx))]) {
      expect(error.code).toBe('CONFIG_INVALID')
      expect(error.exitCode).toBe(2)
      expect(error.message).toContain(join(fixture('lighthouse-static-site'), 'no-such-dist'))
    }
  })

  it('rejects invalid options with the option named', () => {
    expect(() => lighthousePlugin({ runs: 0 })).toThrow(/`runs`/)
    expect(() => lighthousePlugin({ urls: ['/about'] })).toThrow(/no server gives it an origin/)
    expect(() => lighthousePlugin({})).toThrow(/nothing to audit/)
  })

  it('says how to get Chrome when chromePath is wrong, exit 3', async () => {
    const { ctx } = context()
    const error = await caught(
      lighthousePlugin({ staticDistDir: '.', chromePath: '/nope/chromium' }).collect(ctx),
    )
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain('/nope/chromium')
    expect(error.hint).toContain('apt-get install chromium')
    expect(error.hint).toContain('CHROME_PATH')
  })

  it('fails a page answering 404 with its URL and status while measuring the others', async () => {
    const { ctx, logger } = context()
    const output = await lighthousePlugin({
      staticDistDir: '.',
      urls: ['/', '/missing.html'],
      runs: 1,
    }).collect(ctx)
    expect(output.error).toMatch(
      /^1 of 2 pages failed: http:\/\/127\.0\.0\.1:\d+\/missing\.html answered HTTP 404$/,
    )
    expect(output.metrics?.find((m) => m.id === 'lighthouse/home/lcp')?.samples).toHaveLength(1)
    expect(output.metrics?.find((m) => m.id === 'lighthouse/home/score')?.samples).toHaveLength(1)
    expect(output.artifacts?.map((a) => a.path)).toEqual(['home.report.html', 'home.report.json'])
    expect(output.metrics?.some((m) => m.id.startsWith('lighthouse/missing/'))).toBe(false)
    const failed = output.findings?.find((f) => f.ruleId === 'lighthouse/page-failed')
    expect(failed?.severity).toBe('error')
    expect(failed?.message).toMatch(/http:\/\/127\.0\.0\.1:\d+\/missing\.html answered HTTP 404/)
    for (const profile of profilesFrom(logger.lines)) expect(processesMentioning(profile)).toEqual([])
  }, 90_000)

  it('fails the plugin (exit 3) when no page can be audited, without starting Chrome', async () => {
    const { ctx, logger } = context()
    const error = await caught(lighthousePlugin({ staticDistDir: '.', urls: ['/gone'] }).collect(ctx))
    expect(error.exitCode).toBe(3)
    expect(error.message).toMatch(/\/gone answered HTTP 404/)
    expect(profilesFrom(logger.lines)).toEqual([])
  })
})
