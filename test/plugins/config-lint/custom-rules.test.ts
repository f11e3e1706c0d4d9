import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../core/config/load.js'
import { isPerfgateError } from '../../../core/model/errors.js'
import { renderSarif } from '../../../core/report/sarif.js'
import { addSecrets, resetRedactor } from '../../../core/security/redact.js'
import { runPlugin } from '../../../core/testing/index.js'
import type { ConfigLintOptions } from '../../../plugins/config-lint/index.js'
import { configLintPlugin, defineRule, lintCase } from '../../../plugins/config-lint/index.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'
import { redisDatabases } from './fixtures/redis-databases.js'
import { tester } from './rules/tester.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

/** A project of its own (a `.git` marker: findings name files relative to it) holding these files. */
function project(files: Record<string, string>): string {
  const { dir, cleanup } = tempDir('perfgate-custom-rules-')
  cleanups.push(cleanup)
  writeFileSync(join(dir, '.git'), 'gitdir: elsewhere\n')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const REDIS_CONF = 'databases 64\nenable-debug-command yes\n'

/** The plugin with these options, run on a project holding these files (a redis.conf by default). */
async function lint(
  options: ConfigLintOptions,
  files: Record<string, string> = { 'redis.conf': 'databases 64\n' },
) {
  const run = await runPlugin(configLintPlugin(options), { cwd: project(files) })
  expect(run.result.status).toBe('ok')
  return run
}

/** Findings as `file:line severity ruleId`. */
const brief = (findings: { file?: string; line?: number; severity: string; ruleId: string }[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`).sort()

function configError(fn: () => unknown): { message: string; hint?: string; exitCode: number } {
  try {
    fn()
  } catch (error) {
    if (isPerfgateError(error)) return { message: error.message, hint: error.hint, exitCode: error.exitCode }
    throw error
  }
  throw new Error('expected a config error')
}

const rule = (meta: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  meta: {
    id: 'acme/x',
    docs: { description: 'X.', url: 'https://acme.example/x' },
    messages: { x: 'x' },
    defaultLevel: 'warn',
    ...meta,
  },
  create: () => ({}),
  ...rest,
})

const refused = (customRules: unknown[], rules: ConfigLintOptions['rules'] = {}) =>
  configError(() => configLintPlugin({ customRules: customRules as never, rules }))

// The docs' example rule, tested as its authors would.
tester.run(redisDatabases, {
  valid: [{ filename: 'redis.conf', code: 'databases 4\n' }],
  invalid: [
    {
      filename: 'redis.conf',
      code: 'databases 64\n',
      errors: [{ messageId: 'tooMany', line: 1, column: 1 }],
    },
    {
      name: 'with options',
      filename: 'redis.conf',
      code: 'databases 8\n',
      options: { max: 4 },
      errors: [{ messageId: 'tooMany', severity: 'warning' }],
    },
  ],
})

describe('customRules: a real config file', () => {
  it('loads a rule from perfgate.config.ts and reports with it through collect, beside the built-ins', async () => {
    const cwd = project({
      'redis.conf': REDIS_CONF,
      'perfgate.config.ts': [
        `import { configLintPlugin } from '${REPO_ROOT}/plugins/config-lint/index.ts'`,
        `import { redisDatabases } from '${REPO_ROOT}/test/plugins/config-lint/fixtures/redis-databases.ts'`,
        'export default {',
        "  plugins: [configLintPlugin({ customRules: [redisDatabases], rules: { 'redis/memory-policy': 'off' } })],",
        '}',
        '',
      ].join('\n'),
    })
    const config = await loadConfig({ cwd })
    const [plugin] = config.plugins
    const run = await runPlugin(plugin, { cwd })
    expect(run.result.status).toBe('ok')
    expect(brief(run.findings)).toEqual([
      'redis.conf:1 warning acme/redis-databases',
      'redis.conf:2 warning redis/unsafe-commands',
    ])
    expect(run.findings.find((f) => f.ruleId === 'acme/redis-databases')).toMatchObject({
      plugin: 'perfgate:config-lint',
      message: 'databases is 64, over 16.',
      column: 1,
      endLine: 1,
      endColumn: 13,
      docs: 'https://acme.example/rules#redis-databases',
    })

    // SARIF's rule entry comes from the plugin's meta, as `perfgate run --sarif` builds it.
    expect(plugin.meta?.rules?.['acme/redis-databases']).toEqual({
      description: 'Few logical databases. Each one is a keyspace to scan and to monitor.',
      docs: 'https://acme.example/rules#redis-databases',
    })
    const sarif = JSON.parse(
      renderSarif(makeReport({ findings: run.findings }), { root: cwd, rules: plugin.meta?.rules }),
    )
    const [entry, builtin] = sarif.runs[0].tool.driver.rules
    expect(builtin.id).toBe('redis/unsafe-commands')
    expect(entry).toMatchObject({
      id: 'acme/redis-databases',
      shortDescription: { text: 'Few logical databases.' },
      fullDescription: { text: 'Few logical databases. Each one is a keyspace to scan and to monitor.' },
      helpUri: 'https://acme.example/rules#redis-databases',
      defaultConfiguration: { level: 'warning' },
    })
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('redis.conf')
  }, 30_000)

  it('lists custom rules in each plugin object’s meta only, not in the factory’s', () => {
    const plugin = configLintPlugin({ customRules: [redisDatabases] })
    expect(plugin.meta?.rules?.['acme/redis-databases']?.docs).toBe(redisDatabases.meta.docs.url)
    expect(plugin.meta?.rules?.['secrets/in-config']).toBeDefined()
    expect(configLintPlugin.meta.rules?.['acme/redis-databases']).toBeUndefined()
    expect(configLintPlugin().meta?.rules?.['acme/redis-databases']).toBeUndefined()
  })
})

describe('customRules: levels and options in rules', () => {
  it('runs at the rule’s default level', async () => {
    const run = await lint({ customRules: [redisDatabases] })
    expect(brief(run.findings.filter((f) => f.ruleId.startsWith('acme/')))).toEqual([
      'redis.conf:1 warning acme/redis-databases',
    ])
  })

  it('takes a level from rules by its id', async () => {
    const run = await lint({ customRules: [redisDatabases], rules: { 'acme/redis-databases': 'error' } })
    expect(brief(run.findings.filter((f) => f.ruleId.startsWith('acme/')))).toEqual([
      'redis.conf:1 error acme/redis-databases',
    ])
  })

  it('takes its options from rules, validated by its schema', async () => {
    const over = await lint({
      customRules: [redisDatabases],
      rules: { 'acme/redis-databases': ['error', { max: 32 }] },
    })
    expect(over.findings.find((f) => f.ruleId === 'acme/redis-databases')?.message).toBe(
      'databases is 64, over 32.',
    )
    const within = await lint({
      customRules: [redisDatabases],
      rules: { 'acme/redis-databases': ['error', { max: 64 }] },
    })
    expect(within.findings.filter((f) => f.ruleId === 'acme/redis-databases')).toEqual([])
    const bad = refused([redisDatabases], { 'acme/redis-databases': ['warn', { maxx: 8 }] })
    expect(bad.exitCode).toBe(2)
    expect(bad.message).toContain('Invalid options for rule acme/redis-databases of perfgate:config-lint')
    expect(bad.message).toContain('did you mean "max"?')
  })

  it('is not run when off', async () => {
    const run = await lint({ customRules: [redisDatabases], rules: { 'acme/redis-databases': 'off' } })
    expect(run.findings.filter((f) => f.ruleId === 'acme/redis-databases')).toEqual([])
    expect(run.findings.length).toBeGreaterThan(0) // the built-ins still ran
  })

  it('honours disable comments naming its id', async () => {
    const run = await lint(
      { customRules: [redisDatabases] },
      { 'redis.conf': '# perfgate-disable-next-line acme/redis-databases -- known\ndatabases 64\n' },
    )
    expect(run.findings.filter((f) => f.ruleId === 'acme/redis-databases')).toEqual([])
  })

  it('is an unknown rule in rules until it is loaded, and the hint says how to load it', () => {
    const error = refused([], { 'acme/redis-databases': 'error' })
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('rules.acme/redis-databases: unknown rule')
    expect(error.hint).toContain('loaded with customRules: [rule]')
    expect(refused([redisDatabases], { 'acme/redis-database': 'error' }).message).toContain(
      'did you mean "acme/redis-databases"?',
    )
  })
})

describe('customRules: refused at config load (exit 2, the option path and the fix)', () => {
  it('refuses what is not a rule made with defineRule', () => {
    const error = refused([{}])
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('Invalid options for perfgate:config-lint:')
    expect(error.message).toContain(
      "customRules[0]: expected a config-lint rule (meta and create()), got an object: make it with defineRule({ meta, create }) from 'perfgate/plugins' (https://github.com/perfgate/perfgate/blob/main/docs/config-lint.md#writing-a-rule)",
    )
    expect(refused([() => ({})]).message).toContain('customRules[0]: expected a rule object, got a function')
    expect(refused(['acme/x']).message).toContain('got string "acme/x"')
    const eslint = { meta: { type: 'problem', docs: { description: 'x' }, messages: {} }, create: () => ({}) }
    expect(refused([eslint]).message).toContain('customRules[0]: this looks like an ESLint rule')
    expect(
      configError(() => configLintPlugin({ customRules: { 'acme/x': rule() } as never })).message,
    ).toContain('customRules: expected a list of rules made with defineRule: customRules: [myRule]')
  })

  it('names each bad field of a rule’s meta', () => {
    const { message } = refused([
      redisDatabases,
      rule({
        id: 'X',
        docs: { description: 'two\nlines', url: 'javascript:alert(1)' },
        messages: {},
        defaultLevel: 'info',
        schema: { parse: () => ({}) },
      }),
    ])
    expect(message).toContain(
      'customRules[1].meta.id: expected lowercase words with hyphens under your own prefix ("acme/redis-databases"), got string "X"',
    )
    expect(message).toContain('customRules[1].meta.docs.description: expected one line')
    expect(message).toContain(
      "customRules[1].meta.docs.url: expected an absolute http(s) URL of the rule's documentation",
    )
    expect(message).toContain('customRules[1].meta.messages: expected message templates by id')
    expect(message).toContain(
      "customRules[1].meta.defaultLevel: expected 'warn' or 'error', got string \"info\"",
    )
    expect(message).toContain("customRules[1].meta.schema: expected a zod schema (z from 'perfgate/toolkit')")
    expect(refused([rule({ docs: { description: 'X.', url: 'https://a.example/x)y' } })]).message).toContain(
      'customRules[0].meta.docs.url: percent-encode',
    )
    expect(refused([rule({}, { finish: 1 })]).message).toContain('customRules[0].finish: expected a function')
  })

  it('refuses a duplicate id, and the same rule listed twice', () => {
    expect(refused([rule(), rule({ messages: { y: 'y' } })]).message).toContain(
      'customRules[1].meta.id: "acme/x" is already the id of customRules[0]: every rule needs its own id',
    )
    // Indices are the list's, whatever comes before.
    expect(refused([{}, rule(), rule({ messages: { y: 'y' } })]).message).toContain(
      'customRules[2].meta.id: "acme/x" is already the id of customRules[1]',
    )
    expect(refused([redisDatabases, redisDatabases]).message).toContain(
      'customRules[1].meta.id: the rule "acme/redis-databases" is listed twice (also customRules[0]): list it once',
    )
  })

  it('refuses an id of a built-in, or under a built-in’s prefix', () => {
    expect(refused([rule({ id: 'redis/memory-policy' })]).message).toContain(
      'customRules[0].meta.id: "redis/memory-policy" is a built-in rule: give yours its own prefix ("acme/memory-policy"); a built-in\'s level and options are set in rules',
    )
    expect(refused([rule({ id: 'redis/databases' })]).message).toContain(
      'customRules[0].meta.id: "redis/databases" is under redis/, a prefix of the built-in rules: give yours its own prefix ("acme/databases")',
    )
  })

  it('refuses in RuleTester too, before any case runs', async () => {
    await expect(
      lintCase(rule({ id: 'log/mine' }) as never, { filename: 'x.yaml', code: 'a: 1\n' }),
    ).rejects.toThrow(
      'this rule would be refused by configLintPlugin({ customRules }):\n  meta.id: "log/mine" is under log/',
    )
  })
})

describe('a custom rule’s output is untrusted', () => {
  const reporting = (create: () => unknown, id = 'acme/broken') =>
    defineRule({
      meta: {
        id,
        docs: { description: 'Breaks.', url: 'https://acme.example/broken' },
        messages: { found: 'found {{what}}' },
        defaultLevel: 'warn',
      },
      create: create as never,
    })

  it('a crash, a misspelt or async visitor, or a bad position costs that rule only', async () => {
    const cases = [
      reporting(() => {
        throw new Error('boom')
      }, 'acme/create-throws'),
      reporting(() => ({ fluentbit() {} }), 'acme/misspelt'),
      reporting(() => ({ async redis() {} }), 'acme/async'),
    ]
    const badLoc = defineRule({
      meta: {
        id: 'acme/bad-loc',
        docs: { description: 'Bad positions.', url: 'https://acme.example/bad-loc' },
        messages: { found: 'found' },
        defaultLevel: 'warn',
      },
      create: (ctx) => ({
        redis: () =>
          ctx.report({
            messageId: 'found',
            loc: { file: ctx.file, line: 0, column: 1, endLine: 1, endColumn: 2 },
          }),
      }),
    })
    const run = await lint({ customRules: [...cases, badLoc, redisDatabases] })
    const byRule = Object.fromEntries(run.findings.map((f) => [f.ruleId, f.message]))
    expect(byRule['acme/create-throws']).toBe(
      "The rule crashed on this file (boom); its other findings here are missing. It is a custom rule (customRules): tell the rule's authors.",
    )
    expect(byRule['acme/misspelt']).toContain(
      'create() returned an unknown visitor "fluentbit" (visitors: nginx,',
    )
    expect(byRule['acme/async']).toContain(
      'its redis() visitor returned a promise; visitors must be synchronous',
    )
    expect(byRule['acme/bad-loc']).toContain(
      'rule acme/bad-loc reported loc.line 0: lines and columns start at 1',
    )
    // The other rules' findings are all there.
    expect(byRule['acme/redis-databases']).toBe('databases is 64, over 16.')
    expect(run.findings.some((f) => f.ruleId === 'redis/memory-policy')).toBe(true)
  })

  it('a throw of what cannot be printed (no prototype, a throwing message) costs that rule only', async () => {
    const unprintable = Object.create(null)
    const badMessage = new Error('hidden')
    Object.defineProperty(badMessage, 'message', {
      get() {
        throw new Error('no message either')
      },
    })
    const inFinish = defineRule({
      meta: {
        id: 'acme/finish-throws-null',
        docs: { description: 'Throws at the end.', url: 'https://acme.example/finish' },
        messages: { found: 'found' },
        defaultLevel: 'warn',
      },
      create: () => ({}),
      finish: () => {
        throw Object.create(null)
      },
    })
    const run = await lint({
      customRules: [
        reporting(() => {
          throw unprintable
        }, 'acme/throws-null'),
        reporting(
          () => ({
            redis() {
              throw badMessage
            },
          }),
          'acme/throws-bad-message',
        ),
        inFinish,
        redisDatabases,
      ],
    })
    const byRule = Object.fromEntries(run.findings.map((f) => [f.ruleId, f]))
    expect(byRule['acme/throws-null']).toMatchObject({
      file: 'redis.conf',
      severity: 'error',
      message:
        "The rule crashed on this file ([unprintable value]); its other findings here are missing. It is a custom rule (customRules): tell the rule's authors.",
    })
    expect(byRule['acme/throws-bad-message']?.message).toContain(
      'The rule crashed on this file ([unprintable value]);',
    )
    expect(byRule['acme/finish-throws-null']?.message).toBe(
      "The rule crashed after reading every file ([unprintable value]); its cross-file findings are missing. It is a custom rule (customRules): tell the rule's authors.",
    )
    // The other rules' findings are all there.
    expect(byRule['acme/redis-databases']?.message).toBe('databases is 64, over 16.')
    expect(run.findings.some((f) => f.ruleId === 'redis/memory-policy')).toBe(true)
  })

  it('a report made after the rule returned (from a timer or a promise) is dropped with one warning', async () => {
    let timerDone!: () => void
    const timer = new Promise<void>((resolve) => {
      timerDone = resolve
    })
    let outcome = 'not fired'
    const loc = (file: string) => ({ file, line: 1, column: 1, endLine: 1, endColumn: 2 })
    const late = defineRule({
      meta: {
        id: 'acme/late',
        docs: { description: 'Reports from a timer.', url: 'https://acme.example/late' },
        messages: { found: 'found {{what}}' },
        defaultLevel: 'warn',
      },
      create: (ctx) => {
        setTimeout(() => {
          outcome = 'report threw'
          try {
            ctx.report({ messageId: 'found', data: { what: 'late' }, loc: loc(ctx.file) })
            // A bad position, which in a visitor is that rule's error finding: here no one could catch it.
            ctx.report({ messageId: 'found', data: { what: 'later' }, loc: { ...loc(ctx.file), line: 0 } })
            outcome = 'report returned'
          } finally {
            timerDone()
          }
        }, 0)
        return {}
      },
    })
    const lateFinish = defineRule({
      meta: {
        id: 'acme/late-finish',
        docs: { description: 'Reports at the end, too late.', url: 'https://acme.example/late' },
        messages: { found: 'found' },
        defaultLevel: 'warn',
      },
      create: () => ({}),
      finish: (ctx) => {
        void Promise.resolve().then(() => ctx.report({ messageId: 'found', loc: loc('redis.conf') }))
      },
    })
    const run = await lint({ customRules: [late, lateFinish, redisDatabases] })
    await timer
    expect(outcome).toBe('report returned')
    expect(run.findings.filter((f) => f.ruleId.startsWith('acme/late'))).toEqual([])
    // The built-ins and the other rules report as ever.
    expect(run.findings.find((f) => f.ruleId === 'acme/redis-databases')?.message).toBe(
      'databases is 64, over 16.',
    )
    expect(run.findings.some((f) => f.ruleId === 'redis/memory-policy')).toBe(true)
    const warnings = (id: string) =>
      run.logs.filter((l) => l.includes(`rule ${id} reported after its visitors had returned`))
    expect(warnings('acme/late')).toHaveLength(1)
    expect(warnings('acme/late')[0]).toMatch(/^warn .*the report was dropped: reports must be synchronous$/)
    expect(warnings('acme/late-finish')).toHaveLength(1)
  })

  it('its messages are redacted like any plugin output', async () => {
    addSecrets(['hunter2-sekrit-value'])
    cleanups.push(resetRedactor)
    const echo = defineRule({
      meta: {
        id: 'acme/echo',
        docs: { description: 'Echoes a setting.', url: 'https://acme.example/echo' },
        messages: { echo: 'requirepass is {{value}}' },
        defaultLevel: 'warn',
      },
      create: (ctx) => ({
        redis(conf) {
          const d = conf.get('requirepass')
          if (d) ctx.report({ messageId: 'echo', loc: d.range, data: { value: d.args[0] } })
        },
      }),
    })
    const run = await lint(
      { customRules: [echo], rules: { 'secrets/in-config': 'off' } },
      { 'redis.conf': 'requirepass hunter2-sekrit-value\n' },
    )
    const message = run.findings.find((f) => f.ruleId === 'acme/echo')?.message
    expect(message).toMatch(/^requirepass is /)
    expect(message).not.toContain('hunter2-sekrit-value')
  })
})
