import { describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../../core/model/errors.js'
import { runPlugin } from '../../../core/testing/index.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { fixture } from '../../helpers/paths.js'

// Findings name files relative to the repository root, as code scanning needs.
const brief = (findings: { file?: string; line?: number; ruleId: string; severity: string }[]) =>
  findings
    .map(
      (f) =>
        `${f.file?.replace(/^test\/fixtures\/config-lint-[a-z-]+\//, '')}:${f.line} ${f.severity} ${f.ruleId}`,
    )
    .sort()

function configError(fn: () => unknown): { message: string; exitCode: number } {
  try {
    fn()
  } catch (error) {
    if (isPerfgateError(error)) return { message: error.message, exitCode: error.exitCode }
    throw error
  }
  throw new Error('expected a config error')
}

describe('configLintPlugin', () => {
  it('rejects an unknown rule id at config load, naming the closest id (exit 2)', () => {
    const error = configError(() => configLintPlugin({ rules: { 'cache/html-short-tll': 'error' } }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain(
      'rules.cache/html-short-tll: unknown rule — did you mean "cache/html-short-ttl"?',
    )
  })

  it('rejects unknown options, bad levels and bad rule options with the option path', () => {
    expect(configError(() => configLintPlugin({ rule: {} } as never)).message).toContain(
      'did you mean "rules"?',
    )
    expect(
      configError(() => configLintPlugin({ rules: { 'redis/memory-policy': 'warning' as never } })).exitCode,
    ).toBe(2)
    const bad = configError(() =>
      configLintPlugin({ rules: { 'cache/html-short-ttl': ['warn', { maxAgee: 60 }] } }),
    )
    expect(bad.message).toContain('rule cache/html-short-ttl of perfgate:config-lint')
    expect(bad.message).toContain('did you mean "maxAge"?')
    expect(
      configError(() => configLintPlugin({ rules: { 'log/alert-rules': ['warn', { x: 1 }] } })).message,
    ).toContain('takes no options')
  })

  it('reports an unparsable file once, at its position, and still lints the other files', async () => {
    const run = await runPlugin(configLintPlugin(), { cwd: fixture('config-lint-bad-input') })
    expect(run.result.status).toBe('ok')
    const parse = run.findings.filter((f) => f.ruleId === 'config-lint/parse-error')
    expect(parse.map((f) => `${f.file}:${f.line}:${f.column}`).sort()).toEqual([
      'test/fixtures/config-lint-bad-input/config/broken.yaml:5:1',
      'test/fixtures/config-lint-bad-input/netlify.toml:3:18',
      'test/fixtures/config-lint-bad-input/nginx.conf:4:3',
      'test/fixtures/config-lint-bad-input/redis.conf:3:13',
    ])
    for (const f of parse) expect(f.severity).toBe('error')
    expect(parse.find((f) => f.file?.endsWith('/nginx.conf'))?.message).toContain('expecting ";"')
    // The file that parses is linted as usual; secrets are found in every file's text, parsed or not.
    expect(brief(run.findings.filter((f) => f.ruleId !== 'config-lint/parse-error'))).toEqual([
      'config/logging.yaml:1 warning log/prod-level',
      'redis.conf:3 error secrets/in-config',
    ])
  })

  it('honours disable comments: next line, same line, and disable/enable ranges', async () => {
    const run = await runPlugin(configLintPlugin(), { cwd: fixture('config-lint-disabled') })
    expect(brief(run.findings)).toEqual(['redis.conf:10 warning redis/unsafe-commands'])
  })

  it('maps every real file of the built folder to the nginx location that serves it', async () => {
    const run = await runPlugin(configLintPlugin({ builtDir: 'public' }), {
      cwd: fixture('config-lint-built-site'),
    })
    expect(brief(run.findings)).toEqual([
      'nginx.conf:10 error cache/html-short-ttl',
      'nginx.conf:10 warning nginx/add-header-redefinition',
      'nginx.conf:15 error cache/hashed-immutable',
      'nginx.conf:15 error cache/html-short-ttl',
      'nginx.conf:15 warning cache/hashed-immutable',
      'nginx.conf:15 warning nginx/add-header-redefinition',
    ])
    const messages = run.findings.map((f) => f.message).join('\n')
    expect(messages).toContain('/, /index.html (HTML) is cached for 1 h by location /')
    expect(messages).toContain(
      '/sw.js (service worker) is marked immutable by location ~* \\.(?:js|css|png|svg)$',
    )
    expect(messages).toContain('/logo.svg has no content hash in its name but is marked immutable')
    expect(messages).toContain(
      '/assets/index-BQ3x7a9f.js, /assets/index-C7d8E9fA.css (content-hashed) is cached for only 30 d',
    )
    expect(messages).toContain(
      'drops X-Content-Type-Options set at test/fixtures/config-lint-built-site/nginx.conf:6',
    )
    for (const f of run.findings)
      expect(f.docs).toMatch(/^https:\/\/github\.com\/perfgate\/perfgate\/blob\/main\/docs\/config-lint\.md#/)
  })

  it('sets levels per rule as ESLint does', async () => {
    const cwd = fixture('config-lint-built-site')
    const run = await runPlugin(
      configLintPlugin({
        builtDir: 'public',
        rules: { 'nginx/add-header-redefinition': 'off', 'cache/hashed-immutable': 'error' },
      }),
      { cwd },
    )
    expect(brief(run.findings)).toEqual([
      'nginx.conf:10 error cache/html-short-ttl',
      'nginx.conf:15 error cache/hashed-immutable',
      'nginx.conf:15 error cache/hashed-immutable',
      'nginx.conf:15 error cache/html-short-ttl',
    ])
  })
})

describe('a crashing rule', () => {
  it('costs that rule on that file only', async () => {
    const { defineRule } = await import('../../../plugins/config-lint/index.js')
    const { lintTargets } = await import('../../../plugins/config-lint/lint.js')
    const { findTargets, DEFAULT_GLOBS } = await import('../../../plugins/config-lint/files.js')
    const { BUILTIN_RULES } = await import('../../../plugins/config-lint/rules/index.js')
    const { resolveRules } = await import('../../../plugins/config-lint/resolve-rules.js')
    const broken = defineRule({
      meta: {
        id: 'test/broken',
        docs: { description: 'crashes', url: 'https://example.test/broken' },
        messages: {},
        defaultLevel: 'warn',
      },
      create: () => ({
        redis() {
          throw new Error('boom')
        },
      }),
    })
    const cwd = fixture('config-lint-disabled')
    const rules = resolveRules({ ...BUILTIN_RULES, 'test/broken': broken }, {})
    const findings = await lintTargets({ root: cwd, targets: findTargets(cwd, DEFAULT_GLOBS, []), rules })
    expect(findings.find((f) => f.ruleId === 'test/broken')?.message).toContain(
      'The rule crashed on this file (boom)',
    )
    expect(findings.some((f) => f.ruleId === 'redis/unsafe-commands')).toBe(true)
  })
})
