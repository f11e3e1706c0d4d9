import { z } from 'zod'
import { walkObjects } from '../parse/data.js'
import { defineRule } from '../rule.js'
import { checkOutlierDetection } from './outlier-detection.js'
import { breakersOf, keyOf } from './resilience-shapes.js'
import { ruleDocs } from './util.js'

const RATE =
  /^(failure_?rate_?threshold|error_?threshold_?percentage|error_?rate_?threshold|failureRateThreshold|errorThresholdPercentage)$/i
const VOLUME =
  /^(minimum_?number_?of_?calls|volume_?threshold|request_?volume_?threshold|min_?calls|minimum_?calls|minimum_?requests|min_?requests|sliding_?window_?size)$/i

const schema = z.strictObject({
  /** Shortest outlier-detection base ejection time accepted (a duration). */
  minEjection: z.string().default('5s'),
  /** Longest outlier-detection sweep interval accepted (a duration). */
  maxInterval: z.string().default('60s'),
})

/**
 * A breaker that opens on a failure rate needs a minimum number of calls first, or the first failure
 * (1 of 1 = 100 %) opens it; opossum's default volumeThreshold is 0.
 */
export const resilienceBreakerThresholds = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'resilience/breaker-thresholds',
    docs: {
      description:
        'A circuit breaker that trips on a failure rate has a minimum call volume and a rate in range; outlier detection ejects sensibly.',
      url: ruleDocs('resilience/breaker-thresholds'),
    },
    messages: {
      noVolume:
        'This breaker opens at a {{key}} of {{value}} but sets no minimum number of calls: after a quiet period the first failure is 100 % and opens it. Set one (e.g. minimum_number_of_calls: 20, opossum volumeThreshold: 10).',
      badRate: '{{key}} is {{value}}: a failure rate must be above 0 and at most {{max}}.',
      ejectOnFirstError:
        "{{key}} is 1: one error response ejects a host (Envoy's default is 5), so a single bad request or a brief blip takes healthy hosts out of the pool. Use the default 5 or more.",
      shortEjection:
        "{{key}} is {{value}}, under {{min}}: an ejected host is back before it can recover and flaps in and out of the pool (Envoy's default is 30s, multiplied by the times ejected). Eject for longer.",
      longInterval:
        "{{key}} is {{value}}: Envoy returns ejected hosts to service (and runs success-rate ejection) only at these sweeps, so hosts stay out far longer than the base ejection time {{base}} (Envoy's default interval is 10s). Sweep more often.",
      ejectAll:
        "{{key}} is 100 and {{panic}}: every host can be ejected, and when they all fail at once (a bad deploy, a shared dependency down) nothing is left to serve. Keep a share in the pool (Envoy's default is 10 %), or set a panic threshold.",
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      data(doc) {
        checkOutlierDetection(doc, ctx.options, ctx.report)
        const candidates = breakersOf(doc.value).map((b) => ({ object: b.object, path: b.path }))
        for (const { object, path } of walkObjects(doc.value))
          if ('errorThresholdPercentage' in object || 'resetTimeout' in object)
            candidates.push({ object, path })
        const seen = new Set<string>()
        for (const { object, path } of candidates) {
          if (path[0] === 'resilience4j') continue // minimumNumberOfCalls defaults to 100 there
          const key = JSON.stringify(path)
          if (seen.has(key)) continue
          seen.add(key)
          const opossum = 'errorThresholdPercentage' in object || 'resetTimeout' in object
          const rateKey = keyOf(object, RATE) ?? (opossum ? 'errorThresholdPercentage' : undefined)
          if (!rateKey) continue
          const value = object[rateKey] ?? 50
          const volumeKey = keyOf(object, VOLUME)
          const volume = volumeKey ? Number(object[volumeKey]) : 0
          const loc = doc.locate(rateKey in object ? [...path, rateKey] : path, true)
          if (!(volume > 1))
            ctx.report({ messageId: 'noVolume', loc, data: { key: rateKey, value: String(value) } })
          const n = Number(value)
          const max = /percent/i.test(rateKey) || n > 1 ? 100 : 1
          if (Number.isFinite(n) && (n <= 0 || n > max))
            ctx.report({ messageId: 'badRate', loc, data: { key: rateKey, value: String(value), max } })
        }
      },
    }
  },
})
