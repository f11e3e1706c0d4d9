import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PerfgateError } from '../../../core/model/errors.js'
import { runPlugin } from '../../../core/testing/index.js'
import { type LighthouseOptions, lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { pluginContext } from '../../helpers/plugin-context.js'
import { caught, processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

const SITE = fixture('lighthouse-static-site')
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
beforeAll(() => {
  requireChrome()
})

function outDir(): string {
  const { dir, cleanup } = tempDir('perfgate-lh-')
  cleanups.push(cleanup)
  return dir
}

function configError(options: unknown): PerfgateError {
  try {
    lighthousePlugin(options as LighthouseOptions)
  } catch (error) {
    if (error instanceof PerfgateError) return error
    throw error
  }
  throw new Error(`expected CONFIG_INVALID for ${JSON.stringify(options)}`)
}

describe('lighthousePlugin bad input', () => {
  it('names a missing staticDistDir, exit 2, from units() and collect()', async () => {
    const ctx = pluginContext({ cwd: SITE, outDir: outDir() })
    const plugin = lighthousePlugin({ staticDistDir: 'no-such-dist' })
    for (const error of [await caught(plugin.units?.(ctx)), await caught(plugin.collect(ctx))]) {
      expect(error.code).toBe('CONFIG_INVALID')
      expect(error.exitCode).toBe(2)
      expect(error.message).toContain(join(SITE, 'no-such-dist'))
    }
  })

  it('rejects invalid options when the factory is called, naming the option (exit 2)', () => {
    const cases: Array<[unknown, string]> = [
      [{ staticDistDir: '.', runs: 0 }, 'runs: Too small'],
      [{ staticDistDir: '.', runz: 2 }, 'runz: unknown option — did you mean "runs"?'],
      [{ staticDistDir: '.', spa: 'yes' }, 'spa: Invalid input: expected boolean'],
      [
        { urls: ['/about'] },
        'urls[0]: "/about" is not an absolute http(s) URL and no server gives it an origin',
      ],
      [
        { staticDistDir: '.', urls: ['about'] },
        'urls[0]: "about" must be an http(s) URL or a path starting with "/"',
      ],
      [{}, 'nothing to audit'],
      [{ staticDistDir: '.', startServerCommand: 'x' }, 'not both'],
      [{ startServerCommand: 'x', readyPattern: '(' }, 'readyPattern: not a valid RegExp'],
      [{ staticDistDir: '.', beforeEach: 'login' }, 'beforeEach: expected a function'],
      [
        { staticDistDir: '.', flows: [{ name: 'menu', steps: [{ navigate: '/' }, { click: '#menu' }] }] },
        "flows[0].steps[1]: a step is `{ navigate: '/path' }`, `{ name: 'open', interact: async (page) => … }`",
      ],
      [
        { staticDistDir: '.', flows: [{ name: 'menu', steps: [{ snapshot: 'first' }] }] },
        "flows[0].steps[0]: a flow starts with a navigation: `{ navigate: '/path' }`",
      ],
      [
        {
          staticDistDir: '.',
          flows: [
            { name: 'menu', steps: [{ navigate: '/' }] },
            { name: 'menu', steps: [{ navigate: '/a' }] },
          ],
        },
        'flows[1].name: another flow is named "menu"',
      ],
      [
        { flows: [{ name: 'menu', steps: [{ navigate: '/cart' }] }] },
        'flows[0].steps[0].navigate: "/cart" is not an absolute http(s) URL and no server gives it an origin',
      ],
      [{ staticDistDir: '.', flows: [{ name: 'menu', steps: [] }] }, 'flows[0].steps: Too small'],
    ]
    for (const [options, message] of cases) {
      const error = configError(options)
      expect(error.code).toBe('CONFIG_INVALID')
      expect(error.exitCode).toBe(2)
      expect(error.message).toContain('Invalid options for perfgate:lighthouse')
      expect(error.message).toContain(message)
    }
  })

  it('says how to get Chrome when chromePath is wrong, exit 3', async () => {
    const ctx = pluginContext({ cwd: SITE, outDir: outDir() })
    const error = await caught(
      lighthousePlugin({ staticDistDir: '.', chromePath: '/nope/chromium' }).collect(ctx),
    )
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain('/nope/chromium')
    expect(error.hint).toContain('apt-get install chromium')
    expect(error.hint).toContain('CHROME_PATH')
  })

  it('fails a page answering 404 with its URL and status while measuring the others', async () => {
    const run = await runPlugin(
      lighthousePlugin({ staticDistDir: '.', urls: ['/', '/missing.html'], runs: 1 }),
      {
        cwd: SITE,
        outDir: outDir(),
        timeout: 90_000,
      },
    )
    expect(run.result.status).toBe('failed')
    expect(run.result.error).toMatch(
      /^1 of 2 pages failed: http:\/\/127\.0\.0\.1:\d+\/missing\.html answered HTTP 404$/,
    )
    expect(run.metric('lighthouse/home/lcp').samples).toHaveLength(1)
    expect(run.metric('lighthouse/home/score').samples).toHaveLength(1)
    expect(run.artifacts.map((a) => a.path)).toEqual([
      'lighthouse/home.report.html',
      'lighthouse/home.report.json',
    ])
    expect(run.metrics.some((m) => m.id.startsWith('lighthouse/missing/'))).toBe(false)
    const failed = run.findings.find((f) => f.ruleId === 'lighthouse/page-failed')
    expect(failed?.severity).toBe('error')
    expect(failed?.message).toMatch(/http:\/\/127\.0\.0\.1:\d+\/missing\.html answered HTTP 404/)
    expect(failed?.docs).toBe(
      'https://github.com/perfgate/perfgate/blob/main/docs/lighthouse.md#lighthousepage-failed',
    )
    const profiles = profilesFrom(run.logs)
    expect(profiles).toHaveLength(1)
    for (const profile of profiles) expect(processesMentioning(profile)).toEqual([])
  }, 90_000)

  it('fails the plugin (exit 3) when no page can be audited, without starting Chrome', async () => {
    const ctx = pluginContext({ cwd: SITE, outDir: outDir() })
    const error = await caught(lighthousePlugin({ staticDistDir: '.', urls: ['/gone'] }).collect(ctx))
    expect(error.exitCode).toBe(3)
    expect(error.message).toMatch(/\/gone answered HTTP 404/)
    expect(profilesFrom(ctx.logger.lines)).toEqual([])
  })
})
