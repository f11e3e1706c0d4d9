import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitHubClient } from '../../../core/github/client.js'
import { isNetworkTimeout } from '../../../core/model/network-timeout.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { silentServer } from '../../helpers/hanging-remote.js'
import { CLI } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'
import { fakeRunner } from './runner.js'

/**
 * Issue 24, break 2, GitHub's side: an API that accepts the connection and never answers must not hang
 * `perfgate publish` (or `run --publish`). Each request has a limit (PERFGATE_NETWORK_TIMEOUT); a request
 * that ran out of it is not retried, and the message names the request's URL and the fix.
 */

let silent: Awaited<ReturnType<typeof silentServer>>
beforeAll(async () => {
  silent = await silentServer()
})
afterAll(() => silent.close())

describe('GitHub API calls that get no answer', { timeout: 30_000 }, () => {
  it('the client gives up after its limit, once (no retry), naming the request', async () => {
    const client = await createGitHubClient({
      token: 'ghs_test',
      baseUrl: silent.url,
      logger: createMemoryLogger(),
      timeoutMs: 700,
    })
    const before = silent.requests()
    const started = Date.now()
    const error = await client.rest.issues
      .listComments({ owner: 'octo', repo: 'app', issue_number: 7 })
      .catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(4000)
    expect(isNetworkTimeout(error)).toBe(true)
    expect((error as Error).message).toBe(
      `GitHub API request GET ${silent.url}/repos/octo/app/issues/7/comments: no answer within 0.7 s, stopped.`,
    )
    expect((error as { hint: string }).hint).toContain('PERFGATE_NETWORK_TIMEOUT=<milliseconds> (now 700)')
    expect(silent.requests() - before).toBe(1)
  })

  it('perfgate publish exits 3 within the limit, naming the URL and the fix; summary and outputs are still written', async () => {
    const runner = fakeRunner(silent.url, 'pull_request', { prNumber: 7 })
    try {
      mkdirSync(join(runner.workspace, '.perfgate'))
      writeFileSync(
        join(runner.workspace, '.perfgate/report.json'),
        JSON.stringify(makeReport({ metrics: [makeMetric('bundle/main', 2000)] })),
      )
      writeFileSync(join(runner.workspace, 'perfgate.config.json'), '{}')
      const started = Date.now()
      const { code, stderr } = await runProcess(process.execPath, [CLI, 'publish'], {
        cwd: runner.workspace,
        env: {
          PATH: process.env.PATH,
          ...runner.env,
          GITHUB_TOKEN: 'ghs_test',
          PERFGATE_NETWORK_TIMEOUT: '1000',
        },
      })
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(code).toBe(3)
      expect(stderr).toMatch(
        new RegExp(
          `GitHub API request GET ${silent.url}/repos/octo/app/issues/7/comments\\S*: no answer within 1 s, stopped\\.`,
        ),
      )
      expect(stderr).toContain(
        'Check that GitHub (GITHUB_API_URL) is reachable from this runner; if it is only slow, allow more time with PERFGATE_NETWORK_TIMEOUT=<milliseconds> (now 1000).',
      )
      expect(runner.summary()).toContain('perfgate')
      expect(runner.output()).toMatch(/^verdict<</m)
    } finally {
      runner.cleanup()
    }
  })
})
