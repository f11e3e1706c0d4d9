import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  commentKey,
  detectGitHubContext,
  escapeCommandData,
  escapeCommandProperty,
  formatOutput,
  workflowCommand,
} from '../../../core/github/index.js'
import { createRedactor, redactingLogger } from '../../../core/github/redact.js'
import { writeOutputs } from '../../../core/github/runner-files.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { parseOutputFile } from './runner.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function temp() {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-gh-unit-'))
  dirs.push(d)
  return d
}

describe('workflow commands', () => {
  it('escapes data and properties as the runner specifies', () => {
    expect(escapeCommandData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext')
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A')
    expect(
      workflowCommand('error', { file: 'src/a,b:c.ts', line: 3, col: undefined }, 'x: y, z\n::warning::no'),
    ).toBe('::error file=src/a%2Cb%3Ac.ts,line=3::x: y, z%0A::warning::no')
  })
})

describe('$GITHUB_OUTPUT', () => {
  it('writes multiline values with a random heredoc delimiter that the runner parses back', async () => {
    const file = join(temp(), 'out')
    writeFileSync(file, 'earlier=1\n')
    const markdown = '### ✅ perfgate\n\nline with EOF\nghadelimiter_fake\n<<EOF\n'
    await writeOutputs(file, { verdict: 'pass', markdown, 'comment-url': '' })
    const text = readFileSync(file, 'utf8')
    expect(parseOutputFile(text)).toEqual({ earlier: '1', verdict: 'pass', markdown, 'comment-url': '' })
    const delimiters = [...text.matchAll(/<<(ghadelimiter_[0-9a-f-]{36})$/gm)].map((m) => m[1])
    expect(new Set(delimiters).size).toBe(3)
    expect(formatOutput('x', 'y')).not.toBe(formatOutput('x', 'y'))
  })
})

describe('token redaction', () => {
  it('removes the token from every logger line, children included', () => {
    const memory = createMemoryLogger('debug')
    const redact = createRedactor(['ghp_secretsecret', undefined, 'ab'])
    const logger = redactingLogger(memory, redact)
    logger.debug('Authorization: token ghp_secretsecret')
    logger.child('github').error('x ghp_secretsecret y ab')
    expect(memory.lines.join('\n')).not.toContain('ghp_secretsecret')
    expect(memory.lines.join('\n')).toContain('x *** y ab')
  })
})

describe('comment key', () => {
  it('differs by working directory and config, and is the same from any runner checkout path', () => {
    const a = commentKey('/w1/packages/web', '/w1/packages/web/perfgate.config.ts', '/w1')
    const b = commentKey('/w2/packages/web', 'perfgate.config.ts', '/w2')
    const c = commentKey('/w1/packages/api', '/w1/packages/api/perfgate.config.ts', '/w1')
    const d = commentKey('/w1/packages/web', '/w1/packages/web/perf.mobile.ts', '/w1')
    expect(a.marker).toBe(b.marker)
    expect(new Set([a.id, c.id, d.id]).size).toBe(3)
    expect(a.marker).toMatch(/^<!-- perfgate:[0-9a-f]{12} -->$/)
    expect(a.header).toContain('packages/web · perfgate.config.ts')
    expect(commentKey('/w/x', '/w/x/a-->b.ts', '/w').header.split('\n')[1]).not.toMatch(/-->b/)
  })
})

describe('detectGitHubContext', () => {
  function event(payload: unknown) {
    const file = join(temp(), 'event.json')
    writeFileSync(file, JSON.stringify(payload))
    return file
  }
  const base = {
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SERVER_URL: 'https://ghe.example',
    GITHUB_API_URL: 'https://ghe.example/api/v3/',
    GITHUB_RUN_ID: '9',
    GITHUB_SHA: 'm'.repeat(40),
  }

  it('reads a pull_request event: number, head sha, base ref, fork, GHES API URL', async () => {
    const ctx = await detectGitHubContext({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_BASE_REF: 'develop',
      GITHUB_EVENT_PATH: event({
        pull_request: {
          number: 12,
          head: { sha: 'h'.repeat(40), repo: { full_name: 'fork/app' } },
          base: { ref: 'develop' },
        },
        repository: { default_branch: 'main' },
      }),
    })
    expect(ctx).toMatchObject({
      owner: 'octo',
      repo: 'app',
      apiUrl: 'https://ghe.example/api/v3',
      pullNumber: 12,
      sha: 'h'.repeat(40),
      baseRef: 'develop',
      isFork: true,
      isDefaultBranchPush: false,
      runUrl: 'https://ghe.example/octo/app/actions/runs/9',
    })
  })

  it('reads a push to the default branch and a workflow_run', async () => {
    const push = await detectGitHubContext({
      ...base,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF_NAME: 'main',
      GITHUB_EVENT_PATH: event({ ref: 'refs/heads/main', repository: { default_branch: 'main' } }),
    })
    expect(push).toMatchObject({ pullNumber: null, sha: 'm'.repeat(40), isDefaultBranchPush: true })
    const run = await detectGitHubContext({
      ...base,
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: event({
        workflow_run: {
          head_sha: 'h'.repeat(40),
          html_url: 'https://ghe.example/octo/app/actions/runs/8',
          pull_requests: [{ number: 4 }],
        },
      }),
    })
    expect(run).toMatchObject({
      pullNumber: 4,
      sha: 'h'.repeat(40),
      runUrl: 'https://ghe.example/octo/app/actions/runs/8',
    })
    expect(await detectGitHubContext({})).toBeNull()
  })
})
