import type { z } from 'zod'
import type { CachePolicy } from './cache/policy.js'
import type { DataDocument } from './parse/data.js'
import type { FluentBitConfig } from './parse/fluent-bit.js'
import type { HeadersFile } from './parse/headers-file.js'
import type { NginxConfig } from './parse/nginx.js'
import type { RedisConf } from './parse/redis-conf.js'
import type { ScriptDocument } from './parse/script.js'

/** A rule's level in the `rules` option, as in ESLint. */
export type RuleLevel = 'off' | 'warn' | 'error'

/** A place in a file: 1-based lines and columns, end exclusive. `file` is absolute. */
export interface SourceRange {
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
}

export interface RuleReport {
  messageId: string
  /** Values for the message's `{{name}}` placeholders. */
  data?: Record<string, string | number>
  loc: SourceRange
  /** Raise this report to an error even when the rule is at `warn` (never lowers; `off` stays off). */
  severity?: 'error'
}

export interface RuleContext<O> {
  /** The rule's options: its defaults with the user's options over them. */
  options: O
  /** The file being linted (absolute), the root of an nginx include tree. */
  file: string
  /** The file relative to the repository root (as findings show it). */
  relativeFile: string
  /** The file relative to the folder whose globs selected it (the config's folder): for path globs. */
  localFile: string
  /** The repository root. */
  root: string
  /** Files of the built folder (URL paths such as `/assets/index-BQ3x7a9f.js`), when one is given. */
  builtFiles: readonly string[] | undefined
  /** Facts about where the run happens: the container's memory limit (bytes), when there is one. */
  facts: { memoryLimit?: number }
  /**
   * State shared by this rule's create() calls of one run and its finish(): one object per rule per run,
   * empty at the start. Cross-file rules collect into it per file and report from finish().
   */
  run: Record<string, unknown>
  report(report: RuleReport): void
}

/** What finish() gets: the run's state, after every file was visited. */
export interface RunContext<O> {
  options: O
  /** The repository root (findings name files relative to it). */
  root: string
  /** The same object the rule's create() calls filled. */
  run: Record<string, unknown>
  report(report: RuleReport): void
}

/** What a rule looks at; each handler is called for every linted file of that kind. */
export interface RuleVisitors {
  nginx?(config: NginxConfig): void
  redis?(conf: RedisConf): void
  /** YAML, JSON and TOML documents. */
  data?(doc: DataDocument): void
  headers?(file: HeadersFile): void
  /** Fluent Bit configs: the classic `.conf` format (with its `@INCLUDE`s) and the YAML format. */
  fluentBit?(config: FluentBitConfig): void
  /** Options objects found in JS/TS files: `pino({...})`, `winston.createLogger({...})`, exports. */
  script?(doc: ScriptDocument): void
  /** The HTTP caching policy of an nginx tree, a `_headers` file, `netlify.toml` or `vercel.json`. */
  cachePolicy?(policy: CachePolicy): void
  /** Every linted file's text, nginx includes too (secrets). `path` is absolute. */
  text?(file: { path: string; text: string; lines: readonly string[] }): void
}

export interface LintRuleMeta<O> {
  id: string
  docs: { description: string; url: string }
  /** Message templates by id, with `{{name}}` placeholders. */
  messages: Record<string, string>
  /** The rule's options (a zod object with defaults). */
  schema?: z.ZodType<O>
  defaultOptions?: O
  /** The level when the user does not set one. */
  defaultLevel: Exclude<RuleLevel, 'off'>
}

/** A config-lint rule in ESLint's shape: metadata, and `create(ctx)` giving the visitors for one file. */
export interface LintRule<O = Record<string, unknown>> {
  meta: LintRuleMeta<O>
  create(ctx: RuleContext<O>): RuleVisitors
  /**
   * Cross-file rules: called once per run after every file was visited, with the `run` state the
   * create() calls filled (ESLint's `Program:exit`, for the whole run). Not called for live targets.
   */
  finish?(ctx: RunContext<O>): void
}

/** Identity helper that types a rule's options from its schema. Load it with `configLintPlugin({ customRules: [rule] })`. */
export function defineRule<O>(rule: LintRule<O>): LintRule<O> {
  return rule
}

/** `{{name}}` placeholders filled from data; unknown ones are left as they are. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  )
}

/** A rule of any option type, for tables and harnesses. */
// biome-ignore lint/suspicious/noExplicitAny: options differ per rule; each rule types its own
export type AnyLintRule = LintRule<any>
