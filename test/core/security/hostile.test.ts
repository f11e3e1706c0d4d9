import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, fixture } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'
import type { FakeGitHub } from '../github/fake-github.js'
import { fakeRunner } from '../github/runner.js'
import { useFakeGitHub } from '../github/use-fake-github.js'

/**
 * The hostile-plugin suite (issue 14's Measure): test/fixtures/hostile-plugins has one plugin per attack.
 * It runs through the real CLI — `run --save-baseline` to a bare origin on a push, then `run`, `run --json`
 * and `publish` on a pull request against the fake GitHub — and then every byte perfgate wrote anywhere is
 * searched for the secrets, and every output line for workflow commands perfgate did not write itself.
 */

const { fake, runners } = useFakeGitHub()
const NPM_SECRET = 'npm_Secret0123456789abcdefghij'
// The characters URL-encoding and JSON escaping change: its encoded forms differ from itself.
const PASSWORD = 'pw"1\\2/3+4 5&6=7?8_Secret'

interface Outcome {
  name: string
  code: number | null
  stdout: string
  stderr: string
}

let world: World
let home: string
const outcomes: Outcome[] = []
let pushRunner: ReturnType<typeof fakeRunner>
let prRunner: ReturnType<typeof fakeRunner>

function secrets(github: FakeGitHub): string[] {
  return [github.token, NPM_SECRET, PASSWORD]
}

/** A secret's plain-text forms: itself, URL-encoded (upper and lower case hex), JSON-escaped once and twice. */
function textForms(value: string): string[] {
  const url = encodeURIComponent(value)
  const json = JSON.stringify(value).slice(1, -1)
  const lower = url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
  return [...new Set([value, url, lower, json, JSON.stringify(json).slice(1, -1)])]
}

/** The text with line breaks (real or escaped, with the indentation after them) removed. */
function joined(text: string): string {
  return text.replace(/(?:\r\n|\r|\n|\\r\\n|\\r|\\n)[ \t]*/g, '')
}

/**
 * Whether any run of base64 or base64url characters in `text` decodes, at any of the 4 character
 * alignments, to bytes holding the secret's middle (its first and last 2 bytes may share characters with
 * their neighbours, which redaction leaves). Decoding, not matching: independent of how perfgate encodes.
 */
function holdsBase64Of(text: string, secret: string): boolean {
  const middle = Buffer.from(secret).subarray(2, -2)
  for (const run of text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/')
    for (let shift = 0; shift < 4; shift++)
      if (Buffer.from(standard.slice(shift), 'base64').includes(middle)) return true
  }
  return false
}

/** Each form of each secret `text` holds, named (never shown whole). */
function leaksIn(text: string, values: string[]): string[] {
  const flat = joined(text)
  return values.flatMap((value) => {
    const found: string[] = []
    for (const form of textForms(value))
      if (text.includes(form) || flat.includes(form))
        found.push(`${value.slice(0, 4)}… as ${JSON.stringify(form.slice(0, 6))}…`)
    if (holdsBase64Of(text, value) || holdsBase64Of(flat, value))
      found.push(`${value.slice(0, 4)}… in base64`)
    return found
  })
}

async function perfgate(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const result = await runProcess(process.execPath, [CLI, ...args], {
    cwd: world.project,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'CI',
      GIT_AUTHOR_EMAIL: 'ci@example.com',
      GIT_COMMITTER_NAME: 'CI',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
      GITHUB_TOKEN: fake.token,
      NPM_TOKEN: NPM_SECRET,
      DEPLOY_PASSWORD: PASSWORD,
      ...env,
    },
  })
  const outcome = { name, ...result }
  outcomes.push(outcome)
  return outcome
}

/** Every file below a folder, as bytes read as latin1 (so no secret hides in invalid UTF-8). */
function filesBelow(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'latin1') + readFileSync(file, 'utf8') }))
}

/** Every object of the origin, decompressed: what a `git clone` of the remote would ever give anyone. */
function originObjects(origin: string): string {
  return execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], {
    cwd: origin,
    maxBuffer: 256 * 1024 * 1024,
  }).toString('latin1')
}

/** Lines the Actions runner would read as workflow commands (it trims leading whitespace first). */
function commandLines(text: string): string[] {
  return text.split(/\r?\n|\r/).filter((line) => /^\s*(::|##\[)/.test(line))
}

/** perfgate's own commands: masks first, then annotations from `publish` (always with a title). */
const OWN_COMMAND = /^(::add-mask::|::(error|warning|notice) title=perfgate%3A)/

describe('hostile plugins through the real CLI', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    home = await isolateGit()
    world = await makeWorld(2)
    copyFileSync(
      join(fixture('hostile-plugins'), 'perfgate.config.mjs'),
      join(world.project, 'perfgate.config.mjs'),
    )
    await sh(world.project, ['add', 'perfgate.config.mjs'])
    await commit(world.project, 'perfgate config')
    await sh(world.project, ['push', '-q', 'origin', 'HEAD:main'])

    pushRunner = fakeRunner(fake.url, 'push')
    prRunner = fakeRunner(fake.url, 'pull_request', { prNumber: 77 })
    runners.push(pushRunner, prRunner)
    await perfgate('run --save-baseline (push)', ['run', '--save-baseline'], pushRunner.env)
    await perfgate('run (pull request)', ['run'], prRunner.env)
    await perfgate('run --json (pull request)', ['run', '--json', '--out', '.perfgate/json'], prRunner.env)
    await perfgate('publish (pull request)', ['publish', '--debug'], prRunner.env)
  }, 120_000)

  afterAll(async () => {
    await world?.cleanup()
  })

  it('runs every command to its end: the baseline is pushed, the report posted', () => {
    const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]))
    for (const outcome of outcomes) expect(outcome.code, `${outcome.name}\n${outcome.stderr}`).not.toBe(2)
    expect(byName['run --save-baseline (push)']!.stderr).toContain('Baseline saved')
    expect(byName['run (pull request)']!.stderr).toContain('Comparing with baseline')
    expect(byName['publish (pull request)']!.code).toBe(0)
    expect(fake.commentsOn(77)).toHaveLength(1)
    expect(
      execFileSync('git', ['rev-parse', 'perfgate-baselines'], { cwd: world.origin }).toString(),
    ).toMatch(/^[0-9a-f]{40}/)
    // The plugins did run and fail as written: their errors are in the report, redacted.
    const report = JSON.parse(readFileSync(join(world.project, '.perfgate/report.json'), 'utf8'))
    const failed = report.plugins.filter((p: { status: string }) => p.status === 'failed')
    expect(failed.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'perfgate:leak-error',
        'perfgate:leak-throw',
        'perfgate:inject-error',
        'perfgate:leak-forms-error',
      ]),
    )
    // Every encoded form reached perfgate, and was redacted on the way in.
    const forms = report.metrics.filter((m: { id: string }) => m.id.startsWith('leak-forms/'))
    expect(forms).toHaveLength(39)
    for (const m of forms) expect(m.title, m.id).toContain('***')
    expect(
      report.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('leak-forms/')),
    ).toHaveLength(39)
    expect(JSON.stringify(report)).toContain('***')
  })

  it('writes the secrets into no byte anywhere: files, pushed objects, requests, stdout and stderr', () => {
    const places: Array<{ where: string; text: string }> = [
      ...filesBelow(join(world.project, '.perfgate')).map(({ file, text }) => ({ where: file, text })),
      ...[pushRunner, prRunner].flatMap((r) =>
        filesBelow(r.root).map(({ file, text }) => ({ where: file, text })),
      ),
      { where: 'origin objects', text: originObjects(world.origin) },
      ...fake.requests.map((q) => ({ where: `${q.method} ${q.path}`, text: q.body + q.path })),
      ...outcomes.flatMap((o) => [
        // The masks must name the secrets: the runner removes those lines from the log.
        { where: `${o.name} stdout`, text: withoutMasks(o.stdout) },
        { where: `${o.name} stderr`, text: withoutMasks(o.stderr) },
      ]),
    ]
    expect(places.length).toBeGreaterThan(10)
    const leaks = places.flatMap(({ where, text }) =>
      leaksIn(text, secrets(fake)).map((leak) => `${where}: ${leak}`),
    )
    expect(leaks).toEqual([])
  })

  it('detects each form the leak-forms plugin writes, unredacted (the search above can fail)', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, { GITHUB_TOKEN: fake.token, NPM_TOKEN: NPM_SECRET, DEPLOY_PASSWORD: PASSWORD })
    try {
      const config = await import(join(fixture('hostile-plugins'), 'perfgate.config.mjs'))
      const plugin = config.default.plugins.find((p: { name: string }) => p.name === 'perfgate:leak-forms')
      const output = plugin.collect()
      const titles: string[] = output.metrics.map((m: { title: string }) => m.title)
      expect(titles).toHaveLength(39)
      for (const title of titles) expect(leaksIn(title, secrets(fake)).length, title).toBeGreaterThan(0)
    } finally {
      process.env = saved
    }
  })

  it('announces every secret with ::add-mask:: before any other output, in Actions', () => {
    for (const outcome of outcomes) {
      const stream = outcome.name.includes('--json') ? outcome.stderr : outcome.stdout
      const lines = stream.split('\n')
      expect(lines[0], outcome.name).toBe(`::add-mask::${fake.token}`)
      expect(lines.slice(0, 2)).toContain(`::add-mask::${NPM_SECRET}`)
    }
    // The JSON on stdout stays parseable.
    const json = outcomes.find((o) => o.name.includes('--json'))!
    expect(() => JSON.parse(json.stdout)).not.toThrow()
  })

  it('prints no line the runner would read as a command, but its own: logs, publish, --json', () => {
    const foreign = outcomes.flatMap((o) =>
      [
        ...commandLines(o.stderr),
        // `run` prints the console report on stdout: checked below, with the console renderer.
        ...(o.name.startsWith('run (') || o.name.startsWith('run --save') ? [] : commandLines(o.stdout)),
      ]
        .filter((line) => !OWN_COMMAND.test(line))
        .map((line) => `${o.name}: ${line}`),
    )
    expect(foreign).toEqual([])
    // perfgate's own annotations are single lines: the injected newline was escaped, not obeyed.
    const publish = outcomes.find((o) => o.name.startsWith('publish'))!
    expect(commandLines(publish.stdout).some((l) => l.startsWith('::add-mask::'))).toBe(true)
  })

  // Depends on the console renderer (core/report/console.ts, being rewritten to call sanitizeTerminal).
  it('prints no foreign command in the console report of `run` (console renderer)', () => {
    const foreign = outcomes
      .filter((o) => o.name.startsWith('run (') || o.name.startsWith('run --save'))
      .flatMap((o) =>
        commandLines(o.stdout)
          .filter((line) => !OWN_COMMAND.test(line))
          .map((line) => `${o.name}: ${line}`),
      )
    expect(foreign).toEqual([])
  })

  // The stderr half holds on this branch; the stdout half depends on the console renderer.
  it('lets no escape sequence or control character through to the terminal', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
    for (const outcome of outcomes)
      expect(control.test(withoutMasks(outcome.stderr)), `${outcome.name} stderr`).toBe(false)
    for (const outcome of outcomes)
      if (!outcome.name.includes('--json'))
        expect(control.test(outcome.stdout), `${outcome.name} stdout (console renderer)`).toBe(false)
  })

  it('posts no cross-reference, autolink or mention from plugin text', () => {
    const bodies = [
      ...fake.comments.map((c) => c.body),
      ...fake.checkRuns.map((c) => `${c.output.title}\n${c.output.summary}\n${c.output.text ?? ''}`),
      prRunner.summary(),
    ].join('\n')
    expect(bodies).toContain('owner/repo') // the text is there…
    for (const reference of ['#123', 'owner/repo#5', 'GH-7', '@octocat', '/issues/9'])
      expect(bodies, reference).not.toContain(reference) // …but none of it links or pings
  })
})

function withoutMasks(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}
