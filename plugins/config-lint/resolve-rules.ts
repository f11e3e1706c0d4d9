import { closest, distance } from 'fastest-levenshtein'
import { PerfgateError, parseOptions } from '../../core/toolkit/index.js'
import type { ResolvedRule } from './lint.js'
import type { ResolvedConfigLintOptions } from './options.js'
import type { AnyLintRule } from './rule.js'

const PLUGIN = 'perfgate:config-lint'

/**
 * The enabled rules with their levels and options: user settings over each rule's default level and
 * options. An unknown rule id or invalid rule options is a config error (exit 2) naming the closest id.
 * The registry holds the built-ins and the custom rules alike.
 */
export function resolveRules(
  registry: Record<string, AnyLintRule>,
  settings: ResolvedConfigLintOptions['rules'],
): ResolvedRule[] {
  const ids = Object.keys(registry)
  for (const id of Object.keys(settings)) {
    if (registry[id]) continue
    const near = closest(id, ids)
    const hint =
      distance(id, near) <= Math.max(3, Math.floor(id.length / 3)) ? ` — did you mean "${near}"?` : ''
    throw new PerfgateError(
      'CONFIG_INVALID',
      `Invalid options for ${PLUGIN}:\n  rules.${id}: unknown rule${hint}`,
      {
        hint: `The rules are listed in docs/config-lint.md: ${ids.join(', ')}. A rule of your own is set here once it is loaded with customRules: [rule].`,
      },
    )
  }
  const out: ResolvedRule[] = []
  for (const [id, rule] of Object.entries(registry)) {
    const setting = settings[id]
    const [level, userOptions] =
      setting === undefined ? [rule.meta.defaultLevel] : typeof setting === 'string' ? [setting] : setting
    if (level === 'off') continue
    const options = rule.meta.schema
      ? parseOptions(`rule ${id} of ${PLUGIN}`, rule.meta.schema, userOptions ?? {}, rule.meta.docs.url)
      : userOptions && Object.keys(userOptions).length > 0
        ? invalid(id)
        : {}
    out.push({ rule, severity: level === 'error' ? 'error' : 'warning', options })
  }
  return out
}

function invalid(id: string): never {
  throw new PerfgateError(
    'CONFIG_INVALID',
    `Invalid options for ${PLUGIN}:\n  rules.${id}: this rule takes no options`,
    {
      hint: `Set it to a level only: '${id}': 'warn'.`,
    },
  )
}
