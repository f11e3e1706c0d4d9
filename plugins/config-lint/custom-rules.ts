import type { RuleMeta } from '../../core/model/types.js'
import { docsUrl } from '../../core/toolkit/index.js'
import type { AnyLintRule } from './rule.js'
import { BUILTIN_RULES } from './rules/index.js'

/** One thing wrong with a `customRules` entry, at its path inside the entry (or inside the list). */
export interface RuleProblem {
  path: (string | number)[]
  message: string
}

const HOW = `make it with defineRule({ meta, create }) from 'perfgate/plugins' (${docsUrl('config-lint.md', 'writing a rule')})`

/** Lowercase words with hyphens, under a prefix: `acme/redis-databases` (ids go into disable comments and SARIF). */
const RULE_ID = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)+$/

// Characters that could end a Markdown link or an HTML attribute: the docs URL is linked in SARIF and reports.
const URL_BREAKERS = /[\s()<>[\]`|"'\\]/

// biome-ignore lint/suspicious/noControlCharactersInRegex: a description with control characters is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** The built-ins' prefixes (`cache`, `redis`, …): reserved, so a later built-in cannot take a custom rule's id. */
const BUILTIN_PREFIXES = new Set(Object.keys(BUILTIN_RULES).map((id) => id.split('/')[0]))

/**
 * What is wrong with one entry of `customRules`, if anything: it must have the shape `defineRule` types
 * (checked by shape, not by identity, so a rule made with another copy of perfgate is still one).
 */
export function ruleProblems(value: unknown): RuleProblem[] {
  if (typeof value === 'function')
    return [{ path: [], message: `expected a rule object, got a function: ${HOW}` }]
  if (!isObject(value) || !isObject(value.meta) || typeof value.create !== 'function')
    return [
      {
        path: [],
        message: `expected a config-lint rule (meta and create()), got ${describe(value)}: ${HOW}`,
      },
    ]
  const meta = value.meta
  if ('type' in meta && !('id' in meta))
    return [
      {
        path: [],
        message: `this looks like an ESLint rule (meta.type, no meta.id): config-lint rules visit config files, not JavaScript; ${HOW}`,
      },
    ]
  const problems: RuleProblem[] = []
  const add = (path: (string | number)[], message: string) => problems.push({ path, message })
  if (typeof meta.id !== 'string' || !RULE_ID.test(meta.id))
    add(
      ['meta', 'id'],
      `expected lowercase words with hyphens under your own prefix ("acme/redis-databases"), got ${describe(meta.id)}`,
    )
  if (!isObject(meta.docs)) add(['meta', 'docs'], `expected { description, url }, got ${describe(meta.docs)}`)
  else {
    const { description, url } = meta.docs
    if (typeof description !== 'string' || description.trim() === '' || CONTROL.test(description))
      add(
        ['meta', 'docs', 'description'],
        `expected one line saying what the rule reports, got ${describe(description)}`,
      )
    if (!isHttpUrl(url))
      add(
        ['meta', 'docs', 'url'],
        `expected an absolute http(s) URL of the rule's documentation, got ${describe(url)}`,
      )
    else if (URL_BREAKERS.test(url))
      add(['meta', 'docs', 'url'], 'percent-encode spaces, quotes, brackets and parentheses in the URL')
  }
  const messages = isObject(meta.messages) ? Object.entries(meta.messages) : []
  if (messages.length === 0)
    add(
      ['meta', 'messages'],
      `expected message templates by id ({ tooMany: '…' }), got ${describe(meta.messages)}`,
    )
  for (const [id, template] of messages)
    if (typeof template !== 'string' || template.trim() === '')
      add(['meta', 'messages', id], `expected a message template, got ${describe(template)}`)
  if (meta.defaultLevel !== 'warn' && meta.defaultLevel !== 'error')
    add(['meta', 'defaultLevel'], `expected 'warn' or 'error', got ${describe(meta.defaultLevel)}`)
  if (meta.schema !== undefined && !(isObject(meta.schema) && typeof meta.schema.safeParse === 'function'))
    add(['meta', 'schema'], "expected a zod schema (z from 'perfgate/toolkit')")
  if (value.finish !== undefined && typeof value.finish !== 'function')
    add(['finish'], `expected a function, got ${describe(value.finish)}`)
  return problems
}

/**
 * Ids across the list: each once, none a built-in's or under a built-in's prefix. Entries left out
 * (undefined: malformed, reported on their own) keep their index. Paths start at the index.
 */
export function idProblems(rules: readonly (AnyLintRule | undefined)[]): RuleProblem[] {
  const problems: RuleProblem[] = []
  const seen = new Map<string, number>()
  rules.forEach((rule, index) => {
    if (!rule) return
    const id = rule.meta.id
    const prefix = id.split('/')[0]
    const yours = `"acme/${id.slice(prefix.length + 1)}"`
    const path = [index, 'meta', 'id']
    if (BUILTIN_RULES[id])
      problems.push({
        path,
        message: `"${id}" is a built-in rule: give yours its own prefix (${yours}); a built-in's level and options are set in rules`,
      })
    else if (BUILTIN_PREFIXES.has(prefix))
      problems.push({
        path,
        message: `"${id}" is under ${prefix}/, a prefix of the built-in rules: give yours its own prefix (${yours}), so no later built-in takes its id`,
      })
    const first = seen.get(id)
    if (first === undefined) seen.set(id, index)
    else
      problems.push({
        path,
        message:
          rules[first] === rule
            ? `the rule "${id}" is listed twice (also customRules[${first}]): list it once`
            : `"${id}" is already the id of customRules[${first}]: every rule needs its own id`,
      })
  })
  return problems
}

/** Every problem of the list, entries first; ids are compared only among well-formed entries. */
export function customRulesProblems(values: readonly unknown[]): RuleProblem[] {
  const entries = values.map((value, index) =>
    ruleProblems(value).map((p) => ({ ...p, path: [index, ...p.path] })),
  )
  const wellFormed = values.map((value, index) =>
    entries[index].length === 0 ? (value as AnyLintRule) : undefined,
  )
  return [...entries.flat(), ...idProblems(wellFormed)]
}

/** Rule ids → what the plugin's meta says of them (SARIF rule descriptions and help links). */
export function ruleMetaOf(rules: readonly AnyLintRule[]): Record<string, RuleMeta> {
  return Object.fromEntries(
    rules.map((r) => [r.meta.id, { description: r.meta.docs.description, docs: r.meta.docs.url }]),
  )
}

/** Rules by id, in list order. */
export function byId(rules: readonly AnyLintRule[]): Record<string, AnyLintRule> {
  return Object.fromEntries(rules.map((r) => [r.meta.id, r]))
}

/** `meta.docs.url`, `[1].meta.id`: a problem's path as the options errors write it. */
export function formatProblemPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value) ?? String(value)
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`
}
