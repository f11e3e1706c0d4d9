import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const HEAD_SHA = 'c0ffee'.padEnd(40, '1')
export const MERGE_SHA = 'feed'.padEnd(40, '2')

/** A runner's view of one job: a workspace, event payload, output and summary files, and GITHUB_* env. */
export function fakeRunner(
  apiUrl: string,
  event: 'pull_request' | 'push' | 'workflow_run' = 'pull_request',
  extra: { fork?: boolean; prNumber?: number } = {},
) {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-gh-'))
  const workspace = join(root, 'workspace')
  mkdirSync(workspace)
  const files = {
    event: join(root, 'event.json'),
    output: join(root, 'github_output'),
    summary: join(root, 'step_summary'),
  }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  const headRepo = extra.fork ? 'someone/app' : 'octo/app'
  const number = extra.prNumber ?? 7
  const payload =
    event === 'pull_request'
      ? {
          pull_request: {
            number,
            head: { sha: HEAD_SHA, repo: { full_name: headRepo } },
            base: { ref: 'main', repo: { full_name: 'octo/app' } },
          },
          repository: { full_name: 'octo/app', default_branch: 'main' },
        }
      : event === 'push'
        ? {
            ref: 'refs/heads/main',
            after: MERGE_SHA,
            repository: { full_name: 'octo/app', default_branch: 'main' },
          }
        : {
            workflow_run: {
              head_sha: HEAD_SHA,
              html_url: 'https://github.test/octo/app/actions/runs/41',
              pull_requests: extra.fork ? [] : [{ number, base: { ref: 'main' } }],
              head_repository: { full_name: headRepo },
            },
            repository: { full_name: 'octo/app', default_branch: 'main' },
          }
  writeFileSync(files.event, JSON.stringify(payload))
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: event === 'pull_request' ? `refs/pull/${number}/merge` : 'refs/heads/main',
    GITHUB_REF_NAME: event === 'pull_request' ? `${number}/merge` : 'main',
    GITHUB_RUN_ID: '42',
    GITHUB_JOB: 'perf',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
  }
  return {
    root,
    workspace,
    files,
    env,
    output: () => readFileSync(files.output, 'utf8'),
    summary: () => readFileSync(files.summary, 'utf8'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** Parses `$GITHUB_OUTPUT` the way the runner does: `name=value` lines and `name<<DELIM` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]!)
      if (i >= lines.length) throw new Error(`delimiter ${delimiter} of ${name} never closed`)
      out[name!] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new Error(`malformed output line: ${line}`)
    out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}
