import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import AjvDraft04Module from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import { afterEach, describe, expect, it } from 'vitest'
import type { Finding } from '../../../core/model/types.js'
import { renderSarif } from '../../../core/report/sarif.js'
import { runPlugin } from '../../../core/testing/index.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'

// The official SARIF 2.1.0 schema (OASIS, rtm.5 = the final 2.1.0), as @microsoft/jest-sarif ships it.
const require = createRequire(import.meta.url)
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
)
// Both are CommonJS: under NodeNext their export arrives as `.default` of the default import.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null }
type AjvConstructor = new (options: Record<string, unknown>) => { compile(schema: unknown): Validator }
const Ajv = ((AjvDraft04Module as unknown as { default?: AjvConstructor }).default ??
  AjvDraft04Module) as unknown as AjvConstructor
type FormatsPlugin = (ajv: unknown) => unknown
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin
// unicodeRegExp off: one pattern of the official schema (language tags) is not valid with the u flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
addFormats(ajv)
const validate = ajv.compile(schema)

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

/** The original-system examples, linted for real, in a folder that is its own repository root. */
async function lintedExample() {
  const { dir, cleanup } = tempDir('perfgate-sarif-')
  cleanups.push(cleanup)
  cpSync(join(REPO_ROOT, 'examples/original-system'), dir, { recursive: true })
  writeFileSync(join(dir, '.git'), 'gitdir: elsewhere\n') // a root marker, as in a worktree
  const run = await runPlugin(configLintPlugin(), { cwd: dir })
  return { dir, findings: run.findings }
}

function sarifOf(findings: Finding[], root: string, options = {}) {
  return JSON.parse(renderSarif(makeReport({ findings }), { root, ...options }))
}

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 with what GitHub code scanning needs, for findings of every plugin', async () => {
    const { dir, findings } = await lintedExample()
    expect(findings.length).toBeGreaterThan(5)
    const other: Finding = {
      plugin: 'perfgate:bundle',
      ruleId: 'bundle/large-dependency',
      severity: 'info',
      message: 'lodash is 70 kB',
    }
    const sarif = sarifOf([...findings, other], dir, {
      defaultFile: 'perfgate.config.ts',
      category: 'perfgate',
    })
    const valid = validate(sarif)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)

    expect(sarif.version).toBe('2.1.0')
    const [run] = sarif.runs
    expect(run.tool.driver).toMatchObject({
      name: 'perfgate',
      version: '0.0.0-test',
      informationUri: expect.stringMatching(/^https:/),
    })
    expect(run.automationDetails).toEqual({ id: 'perfgate/' })
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id)
    expect(ids).toContain('secrets/in-config')
    expect(ids).toContain('bundle/large-dependency')
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe('')
      expect(rule.fullDescription.text).not.toBe('')
      expect(rule.help.text).not.toBe('')
    }
    const secretRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'secrets/in-config')
    expect(secretRule.helpUri).toBe(
      'https://github.com/perfgate/perfgate/blob/main/docs/config-lint.md#secretsin-config',
    )

    const slack = run.results.find((r: { ruleId: string }) => r.ruleId === 'secrets/in-config')
    expect(slack.level).toBe('error')
    expect(slack.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'config/logging-config.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 27, startColumn: 19, endLine: 27, endColumn: 70 },
    })
    expect(slack.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/)
    expect(run.tool.driver.rules[slack.ruleIndex].id).toBe('secrets/in-config')
    // A finding without a file sits at the given default file.
    const bundle = run.results.find((r: { ruleId: string }) => r.ruleId === 'bundle/large-dependency')
    expect(bundle.level).toBe('note')
    expect(bundle.locations[0].physicalLocation.artifactLocation.uri).toBe('perfgate.config.ts')
  })

  it('keeps fingerprints when lines move, and uses file: URIs outside the root', async () => {
    const { dir, findings } = await lintedExample()
    const before = sarifOf(findings, dir)
    const file = join(dir, 'config/logging-config.yaml')
    writeFileSync(file, `# a comment added on top\n${readFileSync(file, 'utf8')}`)
    const after = await runPlugin(configLintPlugin(), { cwd: dir })
    const moved = sarifOf(after.findings, dir)
    const fingerprint = (s: typeof before) =>
      s.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'secrets/in-config').partialFingerprints
        .primaryLocationLineHash
    expect(fingerprint(moved)).toBe(fingerprint(before))
    const line = (s: typeof before) =>
      s.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'secrets/in-config').locations[0]
        .physicalLocation.region.startLine
    expect(line(moved)).toBe(line(before) + 1)

    const outside = sarifOf(
      [
        {
          plugin: 'perfgate:config-lint',
          ruleId: 'redis/memory-policy',
          severity: 'warning',
          message: 'm',
          file: '/etc/redis/redis.conf',
          line: 1,
        },
      ],
      dir,
    )
    expect(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'file:///etc/redis/redis.conf',
    })
    expect(validate(outside)).toBe(true)
  })

  it("takes rule descriptions from the plugins' meta when given", async () => {
    const { dir, findings } = await lintedExample()
    const rules = configLintPlugin().meta?.rules ?? {}
    const sarif = sarifOf(findings, dir, { rules })
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'log/retention')
    expect(rule.fullDescription.text).toBe(rules['log/retention'].description)
    expect(rule.shortDescription.text).toBe(
      'Log retention is set per level, bounded, errors kept at least as long as info; Loki retention enabled; Fluent Bit and winston file outputs bounded.',
    )
    expect(rule.helpUri).toBe(rules['log/retention'].docs)
    expect(validate(sarif)).toBe(true)
  })

  it('renders an empty report as a valid run without results', () => {
    const sarif = sarifOf([], REPO_ROOT)
    expect(validate(sarif)).toBe(true)
    expect(sarif.runs[0].results).toEqual([])
    // The validator does reject what is not SARIF: a result with a region line of 0, a run without a tool.
    const broken = structuredClone(sarif)
    broken.runs[0].results = [
      { message: { text: 'x' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] },
    ]
    expect(validate(broken)).toBe(false)
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false)
  })

  it('past 25,000 results keeps the most severe and says in the run what it left out, still valid', () => {
    const findings: Finding[] = Array.from({ length: 25_001 }, (_, i) => ({
      plugin: 'perfgate:x',
      ruleId: 'x/noise',
      severity: i % 2 ? 'info' : 'warning',
      message: `noise ${i}`,
    }))
    findings.push({ plugin: 'perfgate:x', ruleId: 'x/real', severity: 'error', message: 'real' })
    const sarif = sarifOf(findings, REPO_ROOT)
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    const run = sarif.runs[0]
    expect(run.results).toHaveLength(25_000)
    expect(run.results[0].ruleId).toBe('x/real')
    // 12,501 warnings all kept; of the 12,500 notes, the last 2 left out.
    expect(run.results.filter((r: { level: string }) => r.level === 'warning')).toHaveLength(12_501)
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(
      /^SARIF holds 25,000 of 25,002 findings .*: 2 left out/,
    )
    expect(run.properties.truncated).toEqual({ results: 25_000, total: 25_002, omitted: 2 })
  })
})
