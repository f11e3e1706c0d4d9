import picomatch from 'picomatch'
import { z } from 'zod'
import { isRecord, walkObjects } from '../parse/data.js'
import { defineRule } from '../rule.js'
import { setting } from './redis-settings.js'
import { ruleDocs } from './util.js'

const schema = z.strictObject({
  /** Levels too verbose for production. */
  levels: z.array(z.string()).default(['debug', 'trace', 'verbose', 'silly', 'all']),
  /** Files that are not production configs (repository-relative globs). */
  nonProduction: z
    .array(z.string())
    .default(['**/*{dev,development,test,local,example,sample}*', '**/{dev,test,tests,local,examples}/**']),
})

const LEVEL_KEY = /^(level|log_?level|loglevel|log-level|root_?level|min_?level|minimum_?level)$/i

/** Debug or trace logging in a production config: slower, larger, and it often logs secrets. */
export const logProdLevel = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'log/prod-level',
    docs: {
      description:
        'debug or trace logging in production configs (YAML/JSON/JS loggers, Fluent Bit, redis.conf, nginx error_log).',
      url: ruleDocs('log/prod-level'),
    },
    messages: {
      verbose:
        '{{key}} is "{{value}}" in a production config: {{value}} logging costs CPU and storage and tends to record request bodies and secrets. Use info (or warn) here and raise it per incident.',
      verboseFallback:
        '{{key}} falls back to "{{value}}" when {{expr}} is unset, in a production file: a deploy that forgets the variable logs at {{value}}, which costs CPU and storage and tends to record secrets. Fall back to info.',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    const levels = new Set(ctx.options.levels.map((l) => l.toLowerCase()))
    const nonProduction = matcherFor(ctx.options.nonProduction)
    const skip = nonProduction(ctx.localFile)
    return {
      data(doc) {
        if (skip) return
        const root = doc.value
        if (
          isRecord(root) &&
          /^(dev|development|test|local)$/i.test(String(root.environment ?? root.env ?? ''))
        )
          return
        for (const { object, path } of walkObjects(doc.value))
          for (const [key, value] of Object.entries(object))
            if (LEVEL_KEY.test(key) && typeof value === 'string' && levels.has(value.toLowerCase()))
              ctx.report({ messageId: 'verbose', loc: doc.locate([...path, key]), data: { key, value } })
      },
      script(doc) {
        if (skip) return
        for (const { object, path } of walkObjects(doc.value))
          for (const [key, value] of Object.entries(object))
            if (LEVEL_KEY.test(key) && typeof value === 'string' && levels.has(value.toLowerCase())) {
              const expr = doc.fallbackOf([...path, key])
              ctx.report({
                messageId: expr ? 'verboseFallback' : 'verbose',
                loc: doc.locate([...path, key]),
                data: { key, value, expr: expr ?? '' },
              })
            }
      },
      fluentBit(config) {
        if (skip) return
        for (const section of config.sections) {
          const entry = section.name === 'SERVICE' ? section.get('log_level') : undefined
          if (entry && levels.has(entry.value.toLowerCase()))
            ctx.report({
              messageId: 'verbose',
              loc: entry.valueRange,
              data: { key: entry.key, value: entry.value },
            })
        }
      },
      redis(conf) {
        if (skip) return
        const level = setting(conf, 'loglevel')
        if (level.explicit && levels.has(level.value.toLowerCase()))
          ctx.report({
            messageId: 'verbose',
            loc: level.range,
            data: { key: 'loglevel', value: level.value },
          })
      },
      nginx(config) {
        if (skip) return
        const visit = (block: typeof config.directives) => {
          for (const d of block) {
            if (d.name === 'error_log' && d.args[1] && levels.has(d.args[1].toLowerCase()))
              ctx.report({
                messageId: 'verbose',
                loc: d.argRanges[1],
                data: { key: 'error_log', value: d.args[1] },
              })
            if (d.block) visit(d.block)
          }
        }
        visit(config.directives)
      },
    }
  },
})

// create() runs per file: compile each option's globs once.
const matchers = new WeakMap<string[], (path: string) => boolean>()
function matcherFor(globs: string[]): (path: string) => boolean {
  let match = matchers.get(globs)
  if (!match) {
    match = picomatch(globs, { dot: true, nocase: true })
    matchers.set(globs, match)
  }
  return match
}
