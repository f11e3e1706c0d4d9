import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { FindingInput, Logger } from '../../core/model/types.js'
import { parseDisableDirectives } from './disable.js'
import { displayPath, type LintTarget } from './files.js'
import { type FluentBitConfig, parseFluentBitClassic } from './parse/fluent-bit.js'
import { dumpSource, isNginxDump, type NginxConfig, parseNginxTree, splitNginxDump } from './parse/nginx.js'
import {
  formatOf,
  isClassicFluentBit,
  isSyntaxError,
  type Parsed,
  parseTarget,
  visit,
} from './parse-target.js'
import {
  type AnyLintRule,
  formatMessage,
  type RuleReport,
  type RuleVisitors,
  type SourceRange,
} from './rule.js'
import { isBuiltinRule } from './rules/index.js'
import { PARSE_ERROR } from './rules/parse-error.js'

export type LintRuleSet = ResolvedRule[]

export interface ResolvedRule {
  rule: AnyLintRule
  severity: 'error' | 'warning'
  options: unknown
}

export interface LintInput {
  /** Findings name files relative to this folder. */
  root: string
  /** The folder the globs were matched in; default `root`. */
  cwd?: string
  targets: LintTarget[]
  rules: ResolvedRule[]
  builtFiles?: readonly string[]
  facts?: { memoryLimit?: number }
  /** Where a rule's report made too late (from a timer or a promise) is warned about. */
  logger?: Pick<Logger, 'warn'>
}

/** Lints files: parses each by kind, runs every enabled rule's visitors, applies disable comments. */
export async function lintTargets(input: LintInput): Promise<FindingInput[]> {
  const texts = new Map<string, string>()
  const findings: FindingInput[] = []
  /** Positions of files seen through an `nginx -T` dump, mapped back to the dump. */
  const dumpOffsets = new Map<string, { file: string; offset: number }>()
  /** Throws on a malformed report: called in a rule's try only, where that costs the rule alone. */
  const emit = (rule: ResolvedRule, report: RuleReport) => {
    findings.push(toFinding(input.root, rule, report, dumpOffsets))
  }
  const warnedLate = new Set<string>()
  /**
   * A rule's `report` for one create() or finish(), closed once its visitors or finish are done. A report
   * after that (from a timer or a promise) comes when no rule's try is there to catch it, maybe after
   * lintTargets returned: it is dropped, never thrown (it would end the process), with one warning a rule.
   */
  const reporter = (rule: ResolvedRule) => {
    let closed = false
    const report = (r: RuleReport) => {
      if (!closed) return emit(rule, r)
      const id = rule.rule.meta.id
      if (warnedLate.has(id)) return
      warnedLate.add(id)
      try {
        input.logger?.warn(
          `rule ${id} reported after its visitors had returned (from a timer or a promise?); the report was dropped: reports must be synchronous`,
        )
      } catch {
        // Nothing may throw here: no caller is left to catch it.
      }
    }
    return {
      report,
      close: () => {
        closed = true
      },
    }
  }
  const parseRule = input.rules.find((r) => r.rule.meta.id === PARSE_ERROR.meta.id)
  /** Outside any rule's try, so a parser's odd position (0, NaN) is made one rather than thrown on. */
  const parseFailure = (file: string, format: string, message: string, line: number, column: number) => {
    const [l, c] = [line, column].map((n) => (Number.isInteger(n) && n >= 1 ? n : 1))
    if (parseRule)
      emit(parseRule, {
        messageId: 'unparsable',
        data: { format, message },
        loc: { file, line: l, column: c, endLine: l, endColumn: c + 1 },
      })
  }

  for (const target of input.targets) {
    try {
      texts.set(target.file, await readFile(target.file, 'utf8'))
    } catch (error) {
      parseFailure(target.file, target.kind, `cannot read it (${(error as Error).message})`, 1, 1)
    }
  }

  // nginx files included by another linted nginx file are linted through it, not twice.
  const nginxTrees = new Map<string, NginxConfig>()
  for (const target of input.targets) {
    const text = texts.get(target.file)
    if (target.kind !== 'nginx' || text === undefined) continue
    if (isNginxDump(text)) {
      const sections = splitNginxDump(text)
      for (const s of sections) {
        dumpOffsets.set(s.file, { file: target.file, offset: s.firstLine - 1 })
        texts.set(s.file, s.text)
      }
      nginxTrees.set(target.file, parseNginxTree(sections[0].file, dumpSource(sections)))
    } else nginxTrees.set(target.file, parseNginxTree(target.file))
  }
  // Classic Fluent Bit files likewise, through the file that @INCLUDEs them.
  const fluentBitTrees = new Map<string, FluentBitConfig>()
  for (const target of input.targets)
    if (isClassicFluentBit(target) && texts.has(target.file))
      fluentBitTrees.set(
        target.file,
        parseFluentBitClassic(target.file, (f) => texts.get(f) ?? readFileSync(f, 'utf8')),
      )
  const included = new Set(
    [...nginxTrees.values(), ...fluentBitTrees.values()].flatMap((tree) => tree.files.slice(1)),
  )
  /** One state object per rule for the whole run (cross-file rules), handed to create() and finish(). */
  const runs = new Map(input.rules.map((r) => [r, {} as Record<string, unknown>]))

  const textsLinted = new Set<string>()
  for (const target of input.targets) {
    const text = texts.get(target.file)
    if (text === undefined || included.has(target.file)) continue
    let parsed: Parsed | undefined
    const files = [target.file]
    try {
      parsed = await parseTarget(target, text, nginxTrees.get(target.file) ?? fluentBitTrees.get(target.file))
    } catch (error) {
      if (isSyntaxError(error))
        parseFailure(target.file, formatOf(target), error.message, error.line, error.column)
      else throw error
    }
    const tree =
      parsed?.kind === 'nginx' ? parsed.config : parsed?.kind === 'fluentbit' ? parsed.configs[0] : undefined
    if (tree) {
      for (const failure of tree.failures)
        parseFailure(failure.file, formatOf(target), failure.message, failure.line, failure.column)
      files.push(...tree.files.filter((f) => f !== target.file))
      for (const f of tree.files) if (!texts.has(f)) texts.set(f, await readFile(f, 'utf8').catch(() => ''))
    }
    const relativeFile = displayPath(input.root, target.file)
    const localFile =
      input.cwd && input.cwd !== input.root ? displayPath(input.cwd, target.file) : relativeFile
    for (const resolved of input.rules) {
      const { report, close } = reporter(resolved)
      try {
        const visitors = checkedVisitors(
          resolved.rule.create({
            options: resolved.options,
            file: target.file,
            relativeFile,
            localFile,
            root: input.root,
            builtFiles: input.builtFiles,
            facts: input.facts ?? {},
            run: runs.get(resolved) ?? {},
            report,
          }),
        )
        if (parsed) visit(visitors, parsed)
        if (visitors.text)
          for (const file of files) {
            const fileText = texts.get(file)
            if (fileText === undefined || textsLinted.has(`${resolved.rule.meta.id}\0${file}`)) continue
            textsLinted.add(`${resolved.rule.meta.id}\0${file}`)
            visitors.text({ path: file, text: fileText, lines: fileText.split('\n') })
          }
      } catch (error) {
        // A rule's bug costs that rule on that file, not the run: the other rules and files go on.
        findings.push({
          ruleId: resolved.rule.meta.id,
          severity: 'error',
          message: `The rule crashed on this file (${describeThrown(error)}); its other findings here are missing. ${reportTo(resolved.rule)}`,
          file: relativeFile,
          line: 1,
          column: 1,
          docs: resolved.rule.meta.docs.url,
        })
      } finally {
        close()
      }
    }
  }
  for (const resolved of input.rules) {
    const { rule, options } = resolved
    const { report, close } = reporter(resolved)
    try {
      rule.finish?.({ options, root: input.root, run: runs.get(resolved) ?? {}, report })
    } catch (error) {
      findings.push({
        ruleId: rule.meta.id,
        severity: 'error',
        message: `The rule crashed after reading every file (${describeThrown(error)}); its cross-file findings are missing. ${reportTo(rule)}`,
        docs: rule.meta.docs.url,
      })
    } finally {
      close()
    }
  }
  return applyDisables(dedupe(findings), texts, dumpOffsets, input.root)
}

/**
 * Lints something live (a running server's settings, a URL's headers) with the rules' visitors; findings
 * carry no file, their message starts with `target`.
 */
export function lintLive(
  rules: ResolvedRule[],
  target: string,
  visit: (visitors: RuleVisitors) => void,
  options: { facts?: { memoryLimit?: number }; builtFiles?: readonly string[] } = {},
): FindingInput[] {
  const findings: FindingInput[] = []
  for (const resolved of rules) {
    const visitors = resolved.rule.create({
      options: resolved.options,
      file: target,
      relativeFile: target,
      localFile: target,
      root: '',
      builtFiles: options.builtFiles,
      facts: options.facts ?? {},
      run: {},
      report: (report) => findings.push(toFinding('', resolved, report, new Map())),
    })
    visit(visitors)
  }
  return dedupe(findings)
}

/**
 * What a rule threw, in words, without throwing: a rule may throw anything (`Object.create(null)`, an
 * object whose toString or message getter throws), and a throw here would fail the whole plugin.
 */
function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message)
  } catch {
    // A message getter that throws: described as any other value below.
  }
  try {
    return String(value)
  } catch {
    return '[unprintable value]'
  }
}

/** Who fixes a crashed rule: perfgate for a built-in, the authors of a custom rule. */
function reportTo(rule: AnyLintRule): string {
  return isBuiltinRule(rule)
    ? 'Please report it.'
    : "It is a custom rule (customRules): tell the rule's authors."
}

/** Every visitor a rule may return, to catch a misspelt one (`fluentbit` for `fluentBit`). */
const VISITORS: Record<keyof RuleVisitors, true> = {
  nginx: true,
  redis: true,
  data: true,
  headers: true,
  fluentBit: true,
  script: true,
  cachePolicy: true,
  text: true,
}

/**
 * A rule's visitors, refused when one is unknown, and each made to fail when it returns a promise:
 * visitors are synchronous (a promise's reports would come after the run, its rejection unhandled).
 */
function checkedVisitors(visitors: unknown): RuleVisitors {
  if (typeof visitors !== 'object' || visitors === null)
    throw new Error(
      `create() returned ${visitors === null ? 'null' : typeof visitors}, not an object of visitors`,
    )
  const checked: Record<string, (node: unknown) => void> = {}
  for (const [name, visitor] of Object.entries(visitors)) {
    if (!Object.hasOwn(VISITORS, name))
      throw new Error(
        `create() returned an unknown visitor "${name}" (visitors: ${Object.keys(VISITORS).join(', ')})`,
      )
    if (visitor === undefined) continue
    if (typeof visitor !== 'function') throw new Error(`its ${name} visitor is not a function`)
    checked[name] = (node) => {
      const result: unknown = visitor.call(visitors, node)
      if (isPromise(result)) {
        result.then(undefined, () => {})
        throw new Error(`its ${name}() visitor returned a promise; visitors must be synchronous`)
      }
    }
  }
  return checked as RuleVisitors
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

function toFinding(
  root: string,
  resolved: ResolvedRule,
  report: RuleReport,
  dumpOffsets: Map<string, { file: string; offset: number }>,
): FindingInput {
  const { meta } = resolved.rule
  const template = meta.messages[report.messageId]
  if (template === undefined)
    throw new Error(
      `rule ${meta.id} reported an unknown messageId "${report.messageId}" (it has: ${Object.keys(meta.messages).join(', ')})`,
    )
  checkLoc(meta.id, report.loc)
  const message = formatMessage(template, report.data)
  if (message.trim() === '')
    throw new Error(`rule ${meta.id} reported an empty message ("${report.messageId}")`)
  const severity = report.severity === 'error' ? 'error' : resolved.severity
  const finding: FindingInput = { ruleId: meta.id, severity, message, docs: meta.docs.url }
  const loc = mapLoc(report.loc, dumpOffsets)
  if (/^[a-z]+:\/\//.test(loc.file)) {
    finding.message = `${loc.file}: ${message}`
    return finding
  }
  return {
    ...finding,
    file: displayPath(root, loc.file),
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
  }
}

/**
 * A report's position is checked here, where the rule that made it is known: a bad one would otherwise
 * make the whole plugin's output malformed, and every rule's findings would be lost with it.
 */
function checkLoc(id: string, loc: SourceRange | undefined): void {
  if (typeof loc !== 'object' || loc === null || typeof loc.file !== 'string' || loc.file === '')
    throw new Error(`rule ${id} reported without a loc ({ file, line, column, endLine, endColumn })`)
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const)
    if (!Number.isInteger(loc[key]) || loc[key] < 1)
      throw new Error(`rule ${id} reported loc.${key} ${String(loc[key])}: lines and columns start at 1`)
}

function mapLoc(loc: SourceRange, dumpOffsets: Map<string, { file: string; offset: number }>): SourceRange {
  const dump = dumpOffsets.get(loc.file)
  if (!dump) return loc
  return { ...loc, file: dump.file, line: loc.line + dump.offset, endLine: loc.endLine + dump.offset }
}

function dedupe(findings: FindingInput[]): FindingInput[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = [f.ruleId, f.file, f.line, f.column, f.message].join('\0')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function applyDisables(
  findings: FindingInput[],
  texts: Map<string, string>,
  dumpOffsets: Map<string, { file: string; offset: number }>,
  root: string,
): FindingInput[] {
  const byDisplay = new Map<string, string>()
  for (const [file, text] of texts) if (!dumpOffsets.has(file)) byDisplay.set(displayPath(root, file), text)
  const cache = new Map<string, ReturnType<typeof parseDisableDirectives>>()
  return findings.filter((f) => {
    if (!f.file || f.line === undefined || f.ruleId === PARSE_ERROR.meta.id) return true
    const text = byDisplay.get(f.file)
    if (text === undefined) return true
    let directives = cache.get(f.file)
    if (!directives) {
      directives = parseDisableDirectives(text)
      cache.set(f.file, directives)
    }
    return !directives.isDisabled(f.ruleId, f.line)
  })
}
