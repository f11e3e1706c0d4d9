import { z } from 'zod'
import { type DataDocument, isRecord, walkObjects } from '../parse/data.js'
import type { ScriptDocument } from '../parse/script.js'
import { defineRule } from '../rule.js'
import { listShort, ruleDocs } from './util.js'

const schema = z.strictObject({
  /** What must be redacted: each needs a path whose last segment matches it. */
  sensitive: z.array(z.string()).default(['authorization', 'cookie', 'password', 'token']),
})

/**
 * pino's `redact` (@pinojs/redact): every sensitive field covered, and no pattern it cannot apply — a
 * partial name (`pass*`, pino #2478) or more than one wildcard (pino #1708, fast-redact #27).
 */
export const logRedactCoverage = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'log/redact-coverage',
    docs: {
      description:
        'pino redact paths cover auth, cookie, password and token fields, with patterns pino can apply.',
      url: ruleDocs('log/redact-coverage'),
    },
    messages: {
      uncovered:
        'redact covers no {{fields}} field: logged requests keep them in clear text (OWASP: exclude session ids, tokens, passwords). Add paths such as req.headers.authorization, req.headers.cookie, *.password.',
      partialWildcard:
        'redact path "{{path}}" has a partial wildcard: pino matches whole keys only (pino #2478), so it redacts nothing. List the keys.',
      multipleWildcards:
        'redact path "{{path}}" has {{count}} wildcards: pino fails to redact such paths (pino #1708, fast-redact #27). Use one wildcard per path.',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    const check = (doc: DataDocument | ScriptDocument) => {
      for (const { object, path } of walkObjects(doc.value)) {
        if (!('redact' in object)) continue
        const redact = object.redact
        const paths = Array.isArray(redact)
          ? redact
          : isRecord(redact) && Array.isArray(redact.paths)
            ? redact.paths
            : undefined
        if (!paths) continue
        const base = Array.isArray(redact) ? [...path, 'redact'] : [...path, 'redact', 'paths']
        paths.forEach((p, i) => {
          if (typeof p !== 'string') return
          const loc = doc.locate([...base, i])
          const segments = p.split(/\.|\[|\]/).filter(Boolean)
          const wildcards = segments.filter((s) => s.includes('*'))
          if (wildcards.some((s) => s !== '*' && s !== '"*"'))
            ctx.report({ messageId: 'partialWildcard', loc, data: { path: p } })
          else if (wildcards.length > 1)
            ctx.report({ messageId: 'multipleWildcards', loc, data: { path: p, count: wildcards.length } })
        })
        const lasts = paths
          .filter((p): p is string => typeof p === 'string')
          .map((p) => (p.split('.').at(-1) ?? '').replace(/["'[\]]/g, '').toLowerCase())
        const uncovered = ctx.options.sensitive.filter(
          (field) => !lasts.some((last) => last.includes(field.toLowerCase())),
        )
        if (uncovered.length > 0)
          ctx.report({
            messageId: 'uncovered',
            loc: doc.locate([...path, 'redact'], true),
            data: { fields: listShort(uncovered, 4) },
          })
      }
    }
    return {
      data: check,
      // pino({ redact }) in JS/TS, and exported options objects.
      script(doc) {
        if (doc.call === 'pino' || doc.call === 'export') check(doc)
      },
    }
  },
})
