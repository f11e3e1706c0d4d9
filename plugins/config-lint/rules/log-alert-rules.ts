import { isRecord, walkObjects } from '../parse/data.js'
import { defineRule } from '../rule.js'
import { listShort, ruleDocs } from './util.js'

const THRESHOLD = /^(threshold|value|limit|expr|condition|above|below)$/i
const SEVERITY = /^(severity|level|priority)$/i
const WINDOW = /^(window|for|duration|period|interval|evaluation_?window|time_?window|lookback|range)$/i

/** An alert rule needs a threshold, a severity and a window, or it pages on one bad sample (or never). */
export const logAlertRules = defineRule({
  meta: {
    id: 'log/alert-rules',
    docs: {
      description: 'Every alert rule has a threshold, a severity and a time window.',
      url: ruleDocs('log/alert-rules'),
    },
    messages: {
      incomplete: 'Alert rule "{{name}}" has no {{missing}}: {{why}}',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    const why: Record<string, string> = {
      threshold: 'it cannot tell bad from normal.',
      severity: 'nobody knows whether it should page.',
      window:
        'one bad sample fires it, and it flaps; say over how long the rate is measured (e.g. window: 5m).',
    }
    return {
      data(doc) {
        for (const { object, path } of walkObjects(doc.value)) {
          for (const [key, rules] of Object.entries(object)) {
            if (!/^(alert_?rules|alerts|alerting_?rules)$/i.test(key) || !Array.isArray(rules)) continue
            rules.forEach((rule, index) => {
              if (!isRecord(rule)) return
              const keys = Object.keys(rule)
              const missing = [
                keys.some((k) => THRESHOLD.test(k)) ? undefined : 'threshold',
                keys.some((k) => SEVERITY.test(k)) || isRecord(rule.labels) ? undefined : 'severity',
                keys.some((k) => WINDOW.test(k)) ? undefined : 'window',
              ].filter((m) => m !== undefined)
              if (missing.length === 0) return
              ctx.report({
                messageId: 'incomplete',
                loc: doc.locate([...path, key, index]),
                data: {
                  name: String(rule.name ?? rule.alert ?? `#${index + 1}`),
                  missing: listShort(missing),
                  why: missing.map((m) => why[m]).join(' '),
                },
              })
            })
          }
        }
      },
    }
  },
})
