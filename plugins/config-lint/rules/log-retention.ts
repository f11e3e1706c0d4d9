import { z } from 'zod'
import { type DataDocument, type DataPath, isRecord, walkObjects } from '../parse/data.js'
import { isPartial } from '../parse/script.js'
import { defineRule } from '../rule.js'
import { fluentBitRetention, winstonRetention } from './log-retention-outputs.js'
import { listShort, ruleDocs } from './util.js'

const schema = z.strictObject({
  /** Levels a per-level retention must cover. */
  required: z.array(z.string()).default(['error', 'warning', 'info']),
  /** Longest retention (days) accepted as bounded. */
  maxDays: z.number().positive().default(3650),
})

/** A document that can point at its values (YAML/JSON/TOML or a JS options object). */
type Locates = Pick<DataDocument, 'locate'>

/** Severity order; synonyms share a rank. */
const RANK: Record<string, number> = {
  trace: 0,
  debug: 1,
  info: 2,
  notice: 2.5,
  warning: 3,
  warn: 3,
  error: 4,
  critical: 5,
  fatal: 5,
}
const CANONICAL: Record<string, string> = { warn: 'warning', fatal: 'critical' }
const UNBOUNDED = /^(forever|unlimited|infinite|infinity|never|none|-1|0)$/i

/** Days from `{days: 90}`, `{hours: 12}`, `90`, `"30d"`, `"720h"`; null when unbounded; undefined when unreadable. */
export function retentionDays(value: unknown): number | null | undefined {
  if (typeof value === 'number') return value <= 0 ? null : value
  if (typeof value === 'string') {
    if (UNBOUNDED.test(value.trim())) return null
    const m = /^(\d+(?:\.\d+)?)\s*(d|h|w|y|days?|hours?|weeks?|years?)$/i.exec(value.trim())
    if (!m) return undefined
    const n = Number(m[1])
    const unit = m[2][0].toLowerCase()
    const days = unit === 'h' ? n / 24 : unit === 'w' ? n * 7 : unit === 'y' ? n * 365 : n
    return days <= 0 ? null : days
  }
  if (value === null) return null
  if (isRecord(value)) {
    for (const [key, factor] of [
      ['days', 1],
      ['hours', 1 / 24],
      ['weeks', 7],
      ['months', 30],
      ['years', 365],
    ] as const)
      if (key in value) {
        const n = Number(value[key])
        return Number.isFinite(n) && n > 0 ? n * factor : null
      }
    if ('max_age' in value || 'maxAge' in value) return retentionDays(value.max_age ?? value.maxAge)
  }
  return undefined
}

/**
 * How long logs are kept, per level: present for every level, bounded, errors at least as long as info;
 * Loki without `compactor.retention_enabled` never deletes anything.
 */
export const logRetention = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'log/retention',
    docs: {
      description:
        'Log retention is set per level, bounded, errors kept at least as long as info; Loki retention enabled; Fluent Bit and winston file outputs bounded.',
      url: ruleDocs('log/retention'),
    },
    messages: {
      missingLevel:
        'retention sets no period for {{levels}}: those logs are kept by whatever the store defaults to (often forever). Give every level a period.',
      unbounded:
        'retention for {{level}} is "{{value}}", which keeps logs forever: storage grows without end, and OWASP advises keeping logs no longer than needed. Set a period.',
      tooLong: 'retention for {{level}} is {{days}} days, over the {{max}} accepted: set a bounded period.',
      errorsShorter:
        '{{high}} logs are kept {{highDays}} days but {{low}} logs {{lowDays}} days: the rarer, more important entries go first. Keep {{high}} at least as long.',
      lokiDisabled:
        "Loki's compactor does not have retention_enabled: true, so Loki never deletes chunks and keeps every log forever. Enable it and set limits_config.retention_period.",
      lokiNoPeriod:
        'Loki retention is enabled but limits_config.retention_period is {{value}}: 0 keeps everything. Set a period (e.g. 744h).',
      fluentBitFile:
        "Fluent Bit's file output writes to {{path}} with no rotation or retention (its only settings are path, file, format, mkdir and workers): the files grow until the disk is full. Rotate and delete them outside Fluent Bit (logrotate), or ship the logs to a store with retention.",
      fluentBitBuffer:
        '[INPUT] {{input}} (line {{where}}) buffers to the filesystem, and this {{output}} output sets no storage.total_limit_size: while {{output}} is down or slow, its queued chunks grow on disk without limit. Set storage.total_limit_size (e.g. 5G); Fluent Bit then drops the oldest chunks.',
      winstonFile:
        "winston's File transport here has {{what}}. Set maxsize (bytes) and maxFiles, or use winston-daily-rotate-file with maxFiles: '14d'.",
      dailyRotateKeepsAll:
        "This DailyRotateFile transport sets no maxFiles: winston-daily-rotate-file then removes no logs, and they pile up forever. Set maxFiles (a count, or days: '14d').",
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    const checkLevels = (doc: Locates, map: Record<string, unknown>, path: DataPath) => {
      const days = new Map<string, { days: number; path: DataPath }>()
      for (const [level, value] of Object.entries(map)) {
        const name = level.toLowerCase()
        if (!(name in RANK)) continue
        const d = retentionDays(value)
        if (d === null)
          ctx.report({
            messageId: 'unbounded',
            loc: doc.locate([...path, level]),
            data: { level, value: JSON.stringify(value) },
          })
        else if (d !== undefined) {
          if (d > ctx.options.maxDays)
            ctx.report({
              messageId: 'tooLong',
              loc: doc.locate([...path, level]),
              data: { level, days: d, max: ctx.options.maxDays },
            })
          days.set(CANONICAL[name] ?? name, { days: d, path: [...path, level] })
        }
      }
      const present = new Set(Object.keys(map).map((l) => CANONICAL[l.toLowerCase()] ?? l.toLowerCase()))
      const missing = ctx.options.required.filter((l) => !present.has(CANONICAL[l] ?? l))
      if (missing.length > 0 && !isPartial(map))
        ctx.report({
          messageId: 'missingLevel',
          loc: doc.locate(path, true),
          data: { levels: listShort(missing, 5) },
        })
      const ordered = [...days.entries()].sort((a, b) => RANK[a[0]] - RANK[b[0]])
      for (let i = 0; i < ordered.length; i++)
        for (let j = i + 1; j < ordered.length; j++) {
          const [low, l] = ordered[i]
          const [high, h] = ordered[j]
          if (RANK[high] > RANK[low] && h.days < l.days)
            ctx.report({
              messageId: 'errorsShorter',
              loc: doc.locate(h.path, true),
              data: { high, highDays: h.days, low, lowDays: l.days },
            })
        }
    }
    const perLevel = (doc: Locates & { value: unknown }) => {
      for (const { object, path } of walkObjects(doc.value)) {
        for (const [key, value] of Object.entries(object)) {
          if (!/^(log_?)?retention$/i.test(key) || !isRecord(value)) continue
          if (Object.keys(value).some((k) => k.toLowerCase() in RANK)) checkLevels(doc, value, [...path, key])
        }
      }
    }
    return {
      data(doc) {
        const root = doc.value
        if (
          isRecord(root) &&
          (isRecord(root.compactor) || (isRecord(root.limits_config) && isRecord(root.schema_config)))
        ) {
          const compactor = isRecord(root.compactor) ? root.compactor : {}
          if (compactor.retention_enabled !== true)
            ctx.report({
              messageId: 'lokiDisabled',
              loc: doc.locate(isRecord(root.compactor) ? ['compactor'] : ['limits_config'], true),
            })
          else {
            const period = isRecord(root.limits_config) ? root.limits_config.retention_period : undefined
            if (period === undefined || retentionDays(period) === null)
              ctx.report({
                messageId: 'lokiNoPeriod',
                loc: doc.locate(
                  period === undefined ? ['limits_config'] : ['limits_config', 'retention_period'],
                  true,
                ),
                data: { value: String(period ?? '0s (default)') },
              })
          }
          return
        }
        perLevel(doc)
      },
      script(doc) {
        if (doc.call === 'export') perLevel(doc)
        else winstonRetention(doc, ctx.options.maxDays, retentionDays, ctx.report)
      },
      fluentBit: (config) => fluentBitRetention(config, ctx.report),
    }
  },
})
