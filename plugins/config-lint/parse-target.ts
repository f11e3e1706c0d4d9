import { basename, extname } from 'node:path'
import { nginxPolicies } from './cache/nginx-policy.js'
import { type CachePolicy, dataPolicy, headersFilePolicy } from './cache/policy.js'
import type { LintTarget } from './files.js'
import { type DataDocument, DataSyntaxError, parseTomlDocument, parseYamlDocuments } from './parse/data.js'
import { type FluentBitConfig, fluentBitFromYaml } from './parse/fluent-bit.js'
import { type HeadersFile, HeadersSyntaxError, parseHeadersFile } from './parse/headers-file.js'
import type { NginxConfig } from './parse/nginx.js'
import { parseRedisConf, type RedisConf, RedisConfSyntaxError } from './parse/redis-conf.js'
import { parseScript, type ScriptDocument, ScriptSyntaxError } from './parse/script.js'
import type { RuleVisitors } from './rule.js'

export type Parsed =
  | { kind: 'nginx'; config: NginxConfig; policies: CachePolicy[] }
  | { kind: 'redis'; conf: RedisConf }
  | { kind: 'headers'; policies: CachePolicy[]; file: HeadersFile }
  | { kind: 'fluentbit'; configs: FluentBitConfig[] }
  | { kind: 'script'; docs: ScriptDocument[] }
  | { kind: 'data'; docs: DataDocument[]; policies: CachePolicy[]; fluentBit: FluentBitConfig[] }

/** A parser's error with the position it points at (reported as config-lint/parse-error). */
export function isSyntaxError(
  error: unknown,
): error is DataSyntaxError | RedisConfSyntaxError | HeadersSyntaxError | ScriptSyntaxError {
  return (
    error instanceof DataSyntaxError ||
    error instanceof RedisConfSyntaxError ||
    error instanceof HeadersSyntaxError ||
    error instanceof ScriptSyntaxError
  )
}

/** Parses one target by its kind; nginx and classic Fluent Bit trees are parsed beforehand (includes). */
export async function parseTarget(
  target: LintTarget,
  text: string,
  tree: NginxConfig | FluentBitConfig | undefined,
): Promise<Parsed> {
  const label = basename(target.file)
  switch (target.kind) {
    case 'nginx': {
      const config = tree as NginxConfig
      return { kind: 'nginx', config, policies: nginxPolicies(config) }
    }
    case 'redis':
      return { kind: 'redis', conf: parseRedisConf(text, target.file) }
    case 'headers': {
      const file = parseHeadersFile(text, target.file)
      return { kind: 'headers', file, policies: [headersFilePolicy(file, label)] }
    }
    case 'script':
      return { kind: 'script', docs: await parseScript(text, target.file) }
    case 'fluentbit':
    case 'data': {
      if (tree) return { kind: 'fluentbit', configs: [tree as FluentBitConfig] }
      const format = formatOf(target)
      const docs =
        format === 'toml'
          ? [await parseTomlDocument(text, target.file)]
          : await parseYamlDocuments(text, target.file, format === 'json' ? 'json' : 'yaml')
      const policyKind =
        label === 'netlify.toml' ? 'netlify.toml' : label === 'vercel.json' ? 'vercel.json' : undefined
      const policy = policyKind && docs[0] ? dataPolicy(docs[0], policyKind, label) : undefined
      const fluentBit = docs.map(fluentBitFromYaml).filter((c) => c !== undefined)
      return { kind: 'data', docs, policies: policy ? [policy] : [], fluentBit }
    }
  }
}

/** A classic Fluent Bit file (parsed with its includes), as opposed to its YAML form. */
export function isClassicFluentBit(target: LintTarget): boolean {
  return target.kind === 'fluentbit' && !/\.(ya?ml|json)$/i.test(target.file)
}

/** The format parse errors name. */
export function formatOf(target: LintTarget): string {
  if (target.kind === 'fluentbit') return isClassicFluentBit(target) ? 'Fluent Bit' : 'YAML'
  if (target.kind === 'script') return /\.[mc]?ts$/i.test(target.file) ? 'TypeScript' : 'JavaScript'
  if (target.kind !== 'data') return target.kind
  const ext = extname(target.file).toLowerCase()
  return ext === '.toml' ? 'toml' : ext === '.json' ? 'json' : 'yaml'
}

export function visit(visitors: RuleVisitors, parsed: Parsed): void {
  if (parsed.kind === 'nginx') visitors.nginx?.(parsed.config)
  if (parsed.kind === 'redis') visitors.redis?.(parsed.conf)
  if (parsed.kind === 'headers') visitors.headers?.(parsed.file)
  if (parsed.kind === 'script') for (const doc of parsed.docs) visitors.script?.(doc)
  if (parsed.kind === 'fluentbit') for (const config of parsed.configs) visitors.fluentBit?.(config)
  if (parsed.kind === 'data') {
    for (const doc of parsed.docs) visitors.data?.(doc)
    for (const config of parsed.fluentBit) visitors.fluentBit?.(config)
  }
  if (parsed.kind === 'nginx' || parsed.kind === 'headers' || parsed.kind === 'data')
    for (const policy of parsed.policies) visitors.cachePolicy?.(policy)
}
