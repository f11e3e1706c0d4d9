import { z } from 'zod'
import { has, maxAgeOf, parseCacheControl } from '../cache/cache-control.js'
import { kindOf, SAMPLE_PATHS } from '../cache/paths.js'
import type { PolicyMatch } from '../cache/policy.js'
import { defineRule } from '../rule.js'
import { groupBy, humanSeconds, KIND_NAMES, listShort, ruleDocs } from './util.js'

const schema = z.strictObject({
  /** The longest max-age (s) HTML, the service worker and the manifest may have. webhint's limit. */
  maxAge: z.number().int().min(0).default(180),
})

const ENTRY_KINDS = new Set(['document', 'service-worker', 'manifest'])

/**
 * HTML, `/`, the service worker and the web manifest must be revalidated: a long max-age or `immutable`
 * keeps users on the old release (webhint http-cache; vite-plugin-pwa's nginx guide).
 */
export const cacheHtmlShortTtl = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'cache/html-short-ttl',
    docs: {
      description:
        'HTML, the service worker and the web manifest get no-cache or a max-age of at most 180 s, never immutable.',
      url: ruleDocs('cache/html-short-ttl'),
    },
    messages: {
      tooLong:
        '{{paths}} ({{kind}}) is cached for {{human}} by {{where}}: after a deploy browsers keep the old version that long. Send "no-cache" or max-age ≤ {{limit}}.',
      immutable:
        '{{paths}} ({{kind}}) is marked immutable by {{where}}: browsers never revalidate it, so a deploy is never seen. Send "no-cache".',
      heuristic:
        '{{paths}} ({{kind}}) gets "Cache-Control: {{value}}" from {{where}}, with neither max-age nor no-cache: browsers pick a lifetime heuristically (RFC 9111 §4.2.2). Send "no-cache".',
      missing:
        '{{paths}} ({{kind}}) is served by {{where}} without Cache-Control: browsers pick a lifetime heuristically (RFC 9111 §4.2.2). Send "no-cache".',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'error',
  },
  create(ctx) {
    return {
      cachePolicy(policy) {
        const paths = (ctx.builtFiles ? withRoot(ctx.builtFiles) : SAMPLE_PATHS).filter((p) =>
          ENTRY_KINDS.has(kindOf(p)),
        )
        const problems: { path: string; match: PolicyMatch; messageId: string; maxAge?: number }[] = []
        for (const path of paths) {
          const match = policy.resolve(path)
          if (!match) continue
          if (!match.value) {
            if (ctx.builtFiles) problems.push({ path, match, messageId: 'missing' })
            continue
          }
          const directives = parseCacheControl(match.value)
          if (has(directives, 'immutable')) problems.push({ path, match, messageId: 'immutable' })
          else if (has(directives, 'no-cache') || has(directives, 'no-store')) continue
          else {
            const maxAge = maxAgeOf(directives)
            if (maxAge === undefined) problems.push({ path, match, messageId: 'heuristic' })
            else if (maxAge > ctx.options.maxAge) problems.push({ path, match, messageId: 'tooLong', maxAge })
          }
        }
        for (const group of groupBy(
          problems,
          (p) => `${p.messageId}\0${p.match.range.file}:${p.match.range.line}:${p.match.range.column}`,
        )) {
          const [first] = group
          ctx.report({
            messageId: first.messageId,
            loc: first.match.range,
            data: {
              paths: listShort(
                group.map((p) => p.path),
                4,
              ),
              kind: [...new Set(group.map((p) => KIND_NAMES[kindOf(p.path)]))].join(', '),
              where: `${first.match.where} (${policy.label})`,
              value: first.match.value ?? '',
              human: humanSeconds(first.maxAge ?? 0),
              limit: ctx.options.maxAge,
            },
          })
        }
      },
    }
  },
})

/** A built folder's files plus `/` when it has an index.html. */
export function withRoot(files: readonly string[]): string[] {
  return files.includes('/index.html') ? ['/', ...files] : [...files]
}
