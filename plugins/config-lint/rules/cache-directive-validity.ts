import { closest } from 'fastest-levenshtein'
import { parseCacheControl, RESPONSE_DIRECTIVES } from '../cache/cache-control.js'
import { defineRule } from '../rule.js'
import { ruleDocs } from './util.js'

/** Cache-Control values that are malformed or contradict themselves (RFC 9111 §5.2, RFC 8246, RFC 5861). */
export const cacheDirectiveValidity = defineRule({
  meta: {
    id: 'cache/directive-validity',
    docs: {
      description:
        'Cache-Control values use known directives with valid values and do not contradict themselves.',
      url: ruleDocs('cache/directive-validity'),
    },
    messages: {
      unknown: 'Unknown Cache-Control directive "{{name}}" in "{{value}}": caches ignore it{{suggestion}}.',
      badValue:
        'Cache-Control "{{name}}={{arg}}" in "{{value}}": {{name}} takes a whole number of seconds (RFC 9111 §1.2.2).',
      unexpectedValue: 'Cache-Control "{{name}}" takes no value, found "{{name}}={{arg}}" in "{{value}}".',
      duplicate:
        'Cache-Control "{{name}}" appears twice in "{{value}}": caches may treat the value as invalid (RFC 9111 §4.2.1).',
      noStoreWithMaxAge:
        '"no-store" with "{{other}}" in "{{value}}": no-store forbids storing, so {{other}} is never used. Keep one.',
      noCacheWithMaxAge:
        '"no-cache" with "max-age={{arg}}" in "{{value}}": no-cache makes every use revalidate, so the max-age is never used. Keep one.',
      publicPrivate:
        '"public" with "private" in "{{value}}": they contradict; shared caches will not store it. Keep one.',
      empty: 'An empty Cache-Control value: send a policy ("no-cache" or "public, max-age=…").',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      cachePolicy(policy) {
        for (const { value, range } of policy.declared) {
          if (/\$|\{\{/.test(value)) continue // a variable: its value is decided at run time
          const report = (messageId: string, data: Record<string, string> = {}) =>
            ctx.report({ messageId, loc: range, data: { value, ...data } })
          const directives = parseCacheControl(value)
          if (directives.length === 0) report('empty')
          const seen = new Set<string>()
          for (const d of directives) {
            const kind = RESPONSE_DIRECTIVES[d.name]
            if (seen.has(d.name)) report('duplicate', { name: d.name })
            seen.add(d.name)
            if (!kind) {
              if (d.name.startsWith('x-') || d.name.includes('-ext')) continue // extensions are allowed
              const near = closest(d.name, Object.keys(RESPONSE_DIRECTIVES))
              report('unknown', { name: d.name, suggestion: near ? ` (did you mean "${near}"?)` : '' })
            } else if (kind === 'seconds' && (d.value === undefined || !/^\d+$/.test(d.value)))
              report('badValue', { name: d.name, arg: d.value ?? '' })
            else if (kind === 'none' && d.value !== undefined)
              report('unexpectedValue', { name: d.name, arg: d.value })
          }
          const names = new Set(directives.map((d) => d.name))
          const maxAge = directives.find((d) => d.name === 'max-age')
          if (names.has('no-store'))
            for (const other of ['max-age', 's-maxage', 'immutable'])
              if (names.has(other)) report('noStoreWithMaxAge', { other })
          if (
            names.has('no-cache') &&
            maxAge?.value &&
            /^\d+$/.test(maxAge.value) &&
            Number(maxAge.value) > 0
          )
            report('noCacheWithMaxAge', { arg: maxAge.value })
          if (names.has('public') && names.has('private')) report('publicPrivate')
        }
      },
    }
  },
})
