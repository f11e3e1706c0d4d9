import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { FindingInput } from '../../core/model/types.js'
import { customRulesProblems, formatProblemPath } from './custom-rules.js'
import { DEFAULT_GLOBS, type FileGlobs, findTargets } from './files.js'
import { lintTargets } from './lint.js'
import { resolveRules } from './resolve-rules.js'
import type { AnyLintRule, RuleLevel } from './rule.js'
import { isBuiltinRule } from './rules/index.js'
import { PARSE_ERROR } from './rules/parse-error.js'

export interface RuleTestCase {
  /** A name for the test; default the file name. */
  name?: string
  /** The file's name, which decides how it is parsed (`nginx.conf`, `redis.conf`, `_headers`, `x.yaml`). */
  filename: string
  code: string
  /** More files beside it (nginx includes): relative name → text. */
  files?: Record<string, string>
  /**
   * Lint the `files` too, each as the default globs select it (cross-file rules, whose finish() sees
   * every file of the run); by default only `filename` is linted.
   */
  lintAll?: boolean
  options?: Record<string, unknown>
  /** URL paths of a built folder, for the caching rules. */
  builtFiles?: string[]
  facts?: { memoryLimit?: number }
}

export interface ExpectedError {
  messageId: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  /** The file the finding is in, when not the case's own (an included file). */
  file?: string
  severity?: 'error' | 'warning'
}

export interface InvalidRuleTestCase extends RuleTestCase {
  errors: ExpectedError[]
}

/** Lints one case with one rule (and parse errors), through the real engine: files, parsers, disables. */
export async function lintCase(
  rule: AnyLintRule,
  test: RuleTestCase,
  level: Exclude<RuleLevel, 'off'> = rule.meta.defaultLevel,
): Promise<FindingInput[]> {
  refuseMalformed(rule)
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-rule-'))
  try {
    for (const [name, text] of Object.entries({ ...test.files, [test.filename]: test.code })) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), text)
    }
    const registry = { [PARSE_ERROR.meta.id]: PARSE_ERROR, [rule.meta.id]: rule }
    const rules = resolveRules(registry, { [rule.meta.id]: test.options ? [level, test.options] : level })
    // The case's file is linted whatever its name; the globs only pick its kind.
    const globs: FileGlobs = { ...DEFAULT_GLOBS }
    const targets = findTargets(dir, globs, []).filter(
      (t) => test.lintAll || t.file === join(dir, test.filename),
    )
    if (targets.length === 0)
      throw new Error(
        `lintCase: "${test.filename}" matches none of the default globs, so it would not be linted`,
      )
    return await lintTargets({
      root: dir,
      cwd: dir,
      targets,
      rules,
      builtFiles: test.builtFiles,
      facts: test.facts,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A rule customRules would refuse fails its tests too, with the same words, before any case runs. */
function refuseMalformed(rule: AnyLintRule): void {
  if (typeof rule?.meta === 'object' && isBuiltinRule(rule)) return
  const problems = customRulesProblems([rule])
  if (problems.length === 0) return
  const lines = problems.map(
    (p) => `  ${p.path.length > 1 ? formatProblemPath(p.path.slice(1)) : 'the rule'}: ${p.message}`,
  )
  throw new Error(`this rule would be refused by configLintPlugin({ customRules }):\n${lines.join('\n')}`)
}

type TestFn = (name: string, fn: () => Promise<void>) => void

/**
 * ESLint's RuleTester for config-lint rules: `valid` cases must produce no finding, `invalid` cases
 * exactly the listed ones (by message id, and position when given). Each case is one run: a rule's
 * finish() is called after its files, so cross-file rules are tested with `files` and `lintAll`. Uses the test runner's
 * `describe`/`it` (set `RuleTester.describe` and `RuleTester.it`, or have them as globals).
 */
export class RuleTester {
  static describe: ((name: string, fn: () => void) => void) | undefined
  static it: TestFn | undefined

  run(rule: AnyLintRule, cases: { valid: RuleTestCase[]; invalid: InvalidRuleTestCase[] }): void {
    const g = globalThis as { describe?: typeof RuleTester.describe; it?: TestFn }
    const describe = RuleTester.describe ?? g.describe
    const it = RuleTester.it ?? g.it
    if (!describe || !it)
      throw new Error('RuleTester needs describe and it: set RuleTester.describe and RuleTester.it')
    describe(rule.meta.id, () => {
      describe('valid', () => {
        for (const test of cases.valid)
          it(test.name ?? test.filename, async () => {
            const findings = await lintCase(rule, test)
            if (findings.length > 0) throw new Error(`expected no finding, got:\n${format(findings)}`)
          })
      })
      describe('invalid', () => {
        for (const test of cases.invalid)
          it(test.name ?? test.filename, async () => {
            const findings = await lintCase(rule, test)
            const problems = compare(rule, findings, test)
            if (problems.length > 0) throw new Error(`${problems.join('\n')}\nfindings:\n${format(findings)}`)
          })
      })
    })
  }
}

function compare(rule: AnyLintRule, findings: FindingInput[], test: InvalidRuleTestCase): string[] {
  const problems: string[] = []
  if (findings.length !== test.errors.length)
    problems.push(`expected ${test.errors.length} finding(s), got ${findings.length}`)
  test.errors.forEach((expected, i) => {
    const actual = findings[i]
    if (!actual) return
    const template = rule.meta.messages[expected.messageId]
    if (template === undefined) problems.push(`error ${i}: the rule has no messageId "${expected.messageId}"`)
    else if (!messageMatches(template, actual.message))
      problems.push(`error ${i}: expected messageId "${expected.messageId}", got "${actual.message}"`)
    for (const key of ['line', 'column', 'endLine', 'endColumn', 'severity'] as const)
      if (expected[key] !== undefined && expected[key] !== actual[key])
        problems.push(`error ${i}: expected ${key} ${expected[key]}, got ${actual[key]}`)
    if (expected.file !== undefined && expected.file !== actual.file)
      problems.push(`error ${i}: expected file ${expected.file}, got ${actual.file}`)
  })
  return problems
}

/** Whether a message was made from a template: the template's fixed parts, in order. */
export function messageMatches(template: string, message: string): boolean {
  const pattern = template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*')
  return new RegExp(`^${pattern}$`).test(message)
}

function format(findings: FindingInput[]): string {
  return findings.map((f) => `  ${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`).join('\n')
}
