import { beforeAll, describe, expect, it } from 'vitest'
import { type LighthouseOptions, lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture } from '../../helpers/paths.js'
import { type TestContext, useTestContexts } from '../../helpers/plugin-context.js'
import { diesWithin } from '../../helpers/process.js'
import { caught, processesMentioning, profilesFrom, requireChrome } from './chrome-helpers.js'

const SERVER_DIR = fixture('lighthouse-server-command')
const context = useTestContexts(SERVER_DIR)
beforeAll(() => {
  requireChrome()
})

/** The tracked child running server.mjs (the runner tracks Chrome too). */
function serverPid(created: TestContext): number {
  const child = created.children.find((c) => c.spawnargs.some((arg) => arg.includes('server.mjs')))
  if (!child?.pid) throw new Error('the server command was not tracked')
  return child.pid
}

describe('lighthousePlugin with startServerCommand', () => {
  const ready: Array<[string, Partial<LighthouseOptions>]> = [
    ['readyPattern', { readyPattern: /ready on \d+/ }],
    ['readyUrl', { readyUrl: '/about.html' }],
  ]
  it.each(ready)(
    'measures the page once the server is ready (%s), then ends the server',
    async (_, how) => {
      const created = context()
      const output = await lighthousePlugin({
        startServerCommand: [process.execPath, 'server.mjs'],
        urls: ['/about.html'],
        runs: 1,
        ...how,
      }).collect(created.ctx)
      expect(output.error).toBeUndefined()
      expect(output.metrics?.find((m) => m.id === 'lighthouse/about/lcp')?.samples).toHaveLength(1)
      expect(output.metrics?.find((m) => m.id === 'lighthouse/about/requests')?.samples?.[0]).toBeGreaterThan(
        1,
      )
      expect(await diesWithin(serverPid(created))).toBe(true)
      for (const profile of profilesFrom(created.logger.lines))
        expect(processesMentioning(profile)).toEqual([])
    },
    40_000,
  )

  it('names the exit code and last output of a server command that exits at once, exit 3', async () => {
    const created = context()
    const error = await caught(
      lighthousePlugin({
        startServerCommand: `EXIT_AT_ONCE=1 ${process.execPath} server.mjs`,
        readyPattern: 'ready on',
        serverTimeout: 20_000,
        runs: 1,
      }).collect(created.ctx),
    )
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain('exited with code 4')
    expect(error.message).toContain('cannot bind: config missing')
    expect(error.message).toContain('print /ready on/')
    expect(profilesFrom(created.logger.lines)).toEqual([])
  })

  it('names its own option, readyUrl, when the ready path answers 404', async () => {
    const created = context()
    const error = await caught(
      lighthousePlugin({
        startServerCommand: [process.execPath, 'server.mjs'],
        readyUrl: '/no-such-page',
        serverTimeout: 1500,
        runs: 1,
      }).collect(created.ctx),
    )
    expect(error.hint).toContain(
      'If /no-such-page is not a route of the app, set readyUrl to one that answers 2xx',
    )
  })

  it('gives up when the pattern is never printed, within serverTimeout, and ends the server', async () => {
    const created = context()
    const error = await caught(
      lighthousePlugin({
        startServerCommand: [process.execPath, 'server.mjs'],
        readyPattern: /listening forever/,
        serverTimeout: 1500,
        runs: 1,
      }).collect(created.ctx),
    )
    expect(error.message).toContain('did not print /listening forever/ within 1500 ms')
    expect(error.message).toMatch(/ready on \d+/)
    expect(error.hint).toContain('raise `serverTimeout`')
    expect(await diesWithin(serverPid(created))).toBe(true)
  })
})
