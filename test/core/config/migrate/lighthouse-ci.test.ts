import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { limitForScore } from '../../../../core/config/migrate/index.js'
import { budgetsOf, noteKeys, translated, untranslatedKeys } from './fixtures.js'

// Real Lighthouse CI configs of public projects (test/fixtures/migrate/README.md).

describe('Lighthouse CI: real configs', () => {
  it('ChromeDevTools/debugger-protocol-viewer (.lighthouserc.js): server, ready pattern, runs; the preset’s metrics as warn', async () => {
    const m = await translated('lhci-chromedevtools-debugger-protocol-viewer', '.lighthouserc.js')
    expect(m.lighthouse?.options).toEqual({
      startServerCommand: 'npm run serve',
      readyPattern: 'Served by',
      runs: 5,
    })
    // lighthouse:recommended warns on FCP, LCP, CLS and SI at minScore 0.9 (its default), TBT is off, and
    // total-byte-weight is an error (from lighthouse:all): Lighthouse's mobile curve gives 0.9 at its p10
    // control points.
    expect(budgetsOf(m)).toEqual({
      '// lighthouse/*/cls': { max: 0.1 },
      '// lighthouse/*/fcp': { max: 1800 },
      '// lighthouse/*/lcp': { max: 2500 },
      '// lighthouse/*/si': { max: 3387 },
      'lighthouse/*/bytes': { max: 2667 * 1024 },
    })
    expect(untranslatedKeys(m)).toEqual(['ci.assert.preset'])
    expect(m.budgetMode?.value).toBe('absolute')
    expect(m.untranslated[0].line).toBeUndefined() // an executed JS config has no lines
  })

  it('GoogleChromeLabs/react-shrine (lighthouserc.yml): localhost URL as a path, the error assertion as a budget', async () => {
    const m = await translated('lhci-googlechromelabs-react-shrine', 'lighthouserc.yml')
    expect(m.lighthouse?.options).toEqual({ startServerCommand: 'npm start', urls: ['/'], runs: 2 })
    expect(budgetsOf(m)).toMatchObject({ 'lighthouse/*/fcp': { max: 3000 } })
    expect(m.budgetMode?.value).toBe('absolute') // an error assertion fails whenever it fails
    // minScore 0 assertions check nothing and 'off' ones turn checks off: neither is listed.
    expect(untranslatedKeys(m)).toEqual(['ci.assert.preset', 'ci.assert.assertions.interactive', 'ci.upload'])
    expect(m.untranslated.find((n) => n.key.endsWith('interactive'))?.line).toBe(26)
    expect(noteKeys(m)).toEqual([
      'ci.collect.url',
      'ci.assert.assertions.first-contentful-paint.aggregationMethod',
    ])
  })

  it('AdguardTeam/HostlistCompiler (.lighthouserc.json): desktop, every warn assertion commented out, no URL source', async () => {
    const m = await translated('lhci-adguardteam-hostlistcompiler', '.lighthouserc.json')
    expect(m.lighthouse?.options).toEqual({ runs: 2, preset: 'desktop' })
    expect(m.lighthouse?.comments).toContain('disabled')
    expect(budgetsOf(m)).toEqual({
      '// lighthouse/*/score': { min: 85 },
      '// lighthouse/*/fcp': { max: 3000 },
      '// lighthouse/*/lcp': { max: 4000 },
      '// lighthouse/*/tbt': { max: 500 },
      '// lighthouse/*/cls': { max: 0.1 },
      '// lighthouse/*/si': { max: 5000 },
    })
    expect(untranslatedKeys(m)).toEqual([
      'ci.collect.settings.onlyCategories',
      'ci.collect.settings.throttling',
      'ci.collect.settings.screenEmulation',
      'ci.collect',
      'ci.assert.assertions.categories:accessibility',
      'ci.assert.assertions.categories:best-practices',
      'ci.assert.assertions.categories:seo',
      'ci.assert.assertions.interactive',
      'ci.assert.assertions.uses-https',
      'ci.assert.assertions.no-vulnerable-libraries',
      'ci.assert.assertions.is-on-https',
      'ci.assert.assertions.errors-in-console',
      'ci.upload',
    ])
    expect(m.untranslated.map((n) => n.line)).toEqual([6, 8, 9, 3, 21, 22, 23, 28, 30, 31, 32, 33, 36])
  })

  it('CDCgov/prime-simplereport (lighthouserc.yml, flow style): the performance score; accessibility listed', async () => {
    const m = await translated('lhci-cdcgov-prime-simplereport', 'lighthouserc.yml')
    expect(m.lighthouse?.options).toEqual({ startServerCommand: 'yarn start', urls: ['/'], runs: 1 })
    expect(budgetsOf(m)).toEqual({ '// lighthouse/*/score': { min: 80 } })
    expect(untranslatedKeys(m)).toEqual(['ci.assert.assertions.categories:accessibility', 'ci.upload'])
  })

  it('logux/logux.org (lighthouserc.yml): lighthouse:all asserts the metrics at error; score assertions on diagnostics listed', async () => {
    const m = await translated('lhci-logux-logux.org', 'lighthouserc.yml')
    expect(m.lighthouse?.comments).toContain('disabled') // no ci.collect: the URLs came from the command line
    expect(budgetsOf(m)).toEqual({
      'lighthouse/*/cls': { max: 0.1 },
      'lighthouse/*/fcp': { max: 1800 },
      'lighthouse/*/lcp': { max: 2500 },
      'lighthouse/*/si': { max: 3387 },
      'lighthouse/*/bytes': { max: 2667 * 1024 },
    })
    expect(untranslatedKeys(m)).toEqual([
      'ci.collect',
      'ci.assert.preset',
      'ci.assert.assertions.mainthread-work-breakdown',
      'ci.assert.assertions.max-potential-fid',
      'ci.upload',
    ])
  })

  it('nasa/openmct (lighthouserc.yml): a score assertion on FCP becomes a time limit; the `urls` typo is listed', async () => {
    const m = await translated('lhci-nasa-openmct', 'lighthouserc.yml')
    // `urls` is not a Lighthouse CI option: with no url, staticDistDir or server, the plugin is a TODO.
    expect(m.lighthouse?.comments).toContain('disabled')
    expect(m.untranslated.find((n) => n.key === 'ci.collect.urls')?.why).toMatch(
      /not a Lighthouse CI option \(`url` is\)/,
    )
    // minScore 0.07 on FCP: the value where Lighthouse's mobile curve scores 0.07.
    expect(budgetsOf(m)['lighthouse/*/fcp']).toEqual({ max: 5402 })
    expect(untranslatedKeys(m)).toEqual([
      'ci.collect.urls',
      'ci.collect.settings.onlyCategories',
      'ci.collect',
      'ci.assert.preset',
      'ci.assert.assertions.bootup-time',
      'ci.assert.assertions.dom-size',
      'ci.assert.assertions.mainthread-work-breakdown',
      'ci.assert.assertions.unused-javascript',
      'ci.assert.assertions.installable-manifest',
      'ci.assert.assertions.service-worker',
      'ci.assert.assertions.unused-css-rules',
      'ci.upload',
    ])
    expect(m.untranslated.find((n) => n.key.endsWith('dom-size'))?.why).toMatch(
      /finding lighthouse\/dom-size/,
    )
  })
})

describe('Lighthouse score → metric limit', () => {
  // Lighthouse's own scorer, to check the inversion against.
  const require = createRequire(import.meta.url)
  const { getLogNormalScore } = require('lighthouse/shared/statistics.js') as {
    getLogNormalScore(curve: { p10: number; median: number }, value: number): number
  }

  it('is the p10 control point at 0.9 and the median at 0.5', () => {
    expect(limitForScore('largest-contentful-paint', 'mobile', 0.9)).toBe(2500)
    expect(limitForScore('largest-contentful-paint', 'desktop', 0.5)).toBe(2400)
    expect(limitForScore('total-blocking-time', 'desktop', 0.9)).toBe(150)
  })

  it('inverts Lighthouse’s curve at other scores', () => {
    for (const score of [0.07, 0.3, 0.75, 0.95]) {
      const limit = limitForScore('first-contentful-paint', 'mobile', score) as number
      expect(getLogNormalScore({ p10: 1800, median: 3000 }, limit)).toBeCloseTo(score, 6)
    }
  })

  it('has no limit for a score every value reaches, or for an audit without a curve', () => {
    expect(limitForScore('first-contentful-paint', 'mobile', 0)).toBeNull()
    expect(limitForScore('dom-size', 'mobile', 0.9)).toBeNull()
  })
})
