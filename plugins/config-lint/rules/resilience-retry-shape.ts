import { z } from 'zod'
import { isRecord } from '../parse/data.js'
import { defineRule } from '../rule.js'
import { keyOf, retriesOf } from './resilience-shapes.js'
import { ruleDocs } from './util.js'

const schema = z.strictObject({
  /** Most attempts (retries) accepted at one layer. */
  maxAttempts: z.number().int().positive().default(5),
})

const ATTEMPTS =
  /^(attempts|max_?attempts|max_?retries|retries|retry_?count|retry_?attempts|num_?retries|count|limit)$/i
const BACKOFF = /(backoff|exponential|multiplier)/i
const JITTER = /(jitter|randomi[sz]|randomized_?wait)/i

/** Retries bounded, spaced by exponential backoff and spread by jitter, or they turn a blip into an outage. */
export const resilienceRetryShape = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'resilience/retry-shape',
    docs: {
      description: 'Retries are bounded and use exponential backoff with jitter.',
      url: ruleDocs('resilience/retry-shape'),
    },
    messages: {
      unbounded:
        'Retries are unbounded ({{key}}: {{value}}): a failing dependency gets retried forever and never recovers. Bound them (≤ {{max}}).',
      tooMany:
        '{{key}} is {{value}}, over {{max}}: every failure multiplies load on a dependency that is already failing. Retry fewer times, at one layer only.',
      noBackoff:
        'Retries here have no exponential backoff{{fixed}}: retrying at a fixed pace keeps an overloaded dependency overloaded. Back off exponentially (e.g. multiplier 2, capped).',
      noJitter:
        'Retries here have no jitter: clients that failed together retry together, in waves. Add jitter (random spread of each wait).',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      data(doc) {
        for (const shape of retriesOf(doc.value)) {
          const { object, path } = shape
          const attemptsKey = keyOf(object, ATTEMPTS)
          const raw = attemptsKey ? object[attemptsKey] : undefined
          const attempts =
            typeof raw === 'number'
              ? raw
              : /^(unlimited|infinite|infinity|-1)$/i.test(String(raw))
                ? -1
                : undefined
          if (attempts === 0) continue // retries off
          if (attempts !== undefined && attempts < 0)
            ctx.report({
              messageId: 'unbounded',
              loc: doc.locate([...path, attemptsKey!]),
              data: { key: attemptsKey!, value: String(raw), max: ctx.options.maxAttempts },
            })
          else if (attempts !== undefined && attempts > ctx.options.maxAttempts)
            ctx.report({
              messageId: 'tooMany',
              loc: doc.locate([...path, attemptsKey!]),
              data: { key: attemptsKey!, value: attempts, max: ctx.options.maxAttempts },
            })
          if (shape.mesh) continue // Envoy backs off exponentially with jitter (25 ms base) by itself
          const loc = doc.locate(path, true)
          const backoffKey = keyOf(object, BACKOFF)
          const backoff = backoffKey ? object[backoffKey] : undefined
          const flat =
            backoff === false ||
            (typeof backoff === 'string' && /^(fixed|constant|linear|none|off)$/i.test(backoff)) ||
            (typeof backoff === 'number' && /multiplier/i.test(backoffKey!) && backoff <= 1)
          if (!backoffKey || flat) {
            const delayKey = keyOf(
              object,
              /^(delay|retry_?delay|wait_?duration|waitDuration|interval|backoff)$/i,
            )
            ctx.report({
              messageId: 'noBackoff',
              loc,
              data: { fixed: delayKey ? ` (${delayKey}: ${JSON.stringify(object[delayKey])})` : '' },
            })
          }
          // Jitter may sit in the retry object or in its backoff object (`backoff: {type: exponential, jitter: true}`).
          const holder = isRecord(backoff) && keyOf(backoff, JITTER) ? backoff : object
          const jitterKey = keyOf(holder, JITTER)
          const jitter = jitterKey ? holder[jitterKey] : undefined
          if (!jitterKey || jitter === false || jitter === 0 || jitter === 'none')
            ctx.report({ messageId: 'noJitter', loc })
        }
      },
    }
  },
})
