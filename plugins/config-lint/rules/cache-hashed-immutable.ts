import { z } from 'zod'
import { has, maxAgeOf, parseCacheControl } from '../cache/cache-control.js'
import { kindOf, SAMPLE_PATHS } from '../cache/paths.js'
import type { PolicyMatch } from '../cache/policy.js'
import { defineRule } from '../rule.js'
import { withRoot } from './cache-html-short-ttl.js'
import { groupBy, humanSeconds, listShort, ruleDocs } from './util.js'

const schema = z.strictObject({
  /** The shortest max-age (s) a content-hashed file should have: one year (webhint, Lighthouse). */
  minMaxAge: z.number().int().min(0).default(31536000),
})

/**
 * Content-hashed files never change under their name, so they can be cached for a year and marked
 * immutable (RFC 8246); a file without a hash in its name must never be immutable.
 */
export const cacheHashedImmutable = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'cache/hashed-immutable',
    docs: {
      description:
        'Content-hashed files get max-age of a year and immutable; immutable on a file without a hash is an error.',
      url: ruleDocs('cache/hashed-immutable'),
    },
    messages: {
      short:
        '{{paths}} (content-hashed) is cached for only {{human}} by {{where}}: a hashed name never changes content, so cache it for a year: "public, max-age=31536000, immutable".',
      notImmutable:
        '{{paths}} (content-hashed) is not marked immutable by {{where}}: browsers revalidate it on reload. Add "immutable".',
      revalidated:
        '{{paths}} (content-hashed) gets "{{value}}" from {{where}}: every visit revalidates or refetches a file that never changes. Send "public, max-age=31536000, immutable".',
      missing:
        '{{paths}} (content-hashed) is served by {{where}} without Cache-Control. Send "public, max-age=31536000, immutable".',
      immutableUnhashed:
        '{{paths}} has no content hash in its name but is marked immutable by {{where}}: a changed file is never fetched again. Drop "immutable" here, or hash the file name.',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      cachePolicy(policy) {
        const paths = ctx.builtFiles ? withRoot(ctx.builtFiles) : SAMPLE_PATHS
        const problems: { path: string; match: PolicyMatch; messageId: string; maxAge?: number }[] = []
        for (const path of paths) {
          const kind = kindOf(path)
          if (kind !== 'hashed' && kind !== 'other') continue // HTML, worker, manifest: cache/html-short-ttl
          const match = policy.resolve(path)
          if (!match) continue
          const directives = match.value ? parseCacheControl(match.value) : []
          if (kind === 'other') {
            if (has(directives, 'immutable')) problems.push({ path, match, messageId: 'immutableUnhashed' })
            continue
          }
          if (!match.value) {
            if (ctx.builtFiles) problems.push({ path, match, messageId: 'missing' })
            continue
          }
          const maxAge = maxAgeOf(directives)
          if (has(directives, 'no-cache') || has(directives, 'no-store') || maxAge === 0)
            problems.push({ path, match, messageId: 'revalidated' })
          else if (maxAge !== undefined && maxAge < ctx.options.minMaxAge)
            problems.push({ path, match, messageId: 'short', maxAge })
          else if (!has(directives, 'immutable')) problems.push({ path, match, messageId: 'notImmutable' })
        }
        const key = (p: (typeof problems)[number]) =>
          `${p.messageId}\0${p.match.range.file}:${p.match.range.line}:${p.match.range.column}`
        for (const group of groupBy(problems, key)) {
          const [first] = group
          ctx.report({
            messageId: first.messageId,
            loc: first.match.range,
            severity: first.messageId === 'immutableUnhashed' ? 'error' : undefined,
            data: {
              paths: listShort(group.map((p) => p.path)),
              where: `${first.match.where} (${policy.label})`,
              value: first.match.value ?? '',
              human: humanSeconds(first.maxAge ?? 0),
            },
          })
        }
      },
    }
  },
})
