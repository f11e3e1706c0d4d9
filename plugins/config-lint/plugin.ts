import { readdir } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { FindingInput, MetricInput, PerfgatePlugin, RuleMeta } from '../../core/model/types.js'
import {
  definePlugin,
  docsUrl,
  PerfgateError,
  type PluginFactory,
  readCgroupMemory,
} from '../../core/toolkit/index.js'
import { byId, ruleMetaOf } from './custom-rules.js'
import { findTargets, projectRoot } from './files.js'
import { lintTargets } from './lint.js'
import { checkUrls } from './live/headers.js'
import { probeRedis } from './live/redis.js'
import { type ConfigLintOptions, configLintSchema } from './options.js'
import { resolveRules } from './resolve-rules.js'
import { BUILTIN_RULES } from './rules/index.js'

const builtinMeta: Record<string, RuleMeta> = ruleMetaOf(Object.values(BUILTIN_RULES))

/** The plugin as definePlugin makes it: options validated, built-in rules in its meta. */
const plugin = definePlugin({
  meta: { name: 'perfgate:config-lint', docs: docsUrl('config-lint.md'), rules: builtinMeta },
  schema: configLintSchema,
  create(options) {
    // At config load: an unknown rule id or bad rule options is exit 2, before anything runs.
    const enabled = resolveRules({ ...BUILTIN_RULES, ...byId(options.customRules) }, options.rules)
    return {
      async collect(ctx) {
        const root = projectRoot(ctx.cwd)
        const memory = await readCgroupMemory().catch(() => null)
        const facts = memory ? { memoryLimit: memory.limit } : {}
        ctx.progress.update('finding config files')
        const targets = findTargets(ctx.cwd, options.files, options.ignore)
        const builtFiles = options.builtDir ? await listBuilt(resolve(ctx.cwd, options.builtDir)) : undefined
        ctx.progress.update(`linting ${targets.length} file(s)`)
        const findings: FindingInput[] = await lintTargets({
          root,
          cwd: ctx.cwd,
          targets,
          rules: enabled,
          builtFiles,
          facts,
          logger: ctx.logger,
        })
        ctx.signal.throwIfAborted()
        const metrics: MetricInput[] = []
        for (const server of options.redis) {
          ctx.progress.update(`checking Redis ${server.name}`)
          const probe = await probeRedis(server, enabled, facts, ctx.signal)
          metrics.push(...probe.metrics)
          findings.push(...probe.findings)
        }
        if (options.urls.length > 0) {
          ctx.progress.update(`checking headers of ${options.urls.length} URL(s)`)
          findings.push(...(await checkUrls(options.urls, enabled, ctx.signal)))
        }
        ctx.logger.debug(`linted ${targets.length} file(s): ${findings.length} finding(s)`)
        return { metrics, findings }
      },
    }
  },
})

/**
 * Lints the configs that run caching, logging and service calls (nginx, `_headers`, netlify.toml,
 * vercel.json, redis.conf, logging and resilience YAML/JSON/TOML), and probes running Redis servers and
 * URLs. Rules in ESLint's shape, with levels, options and inline disable comments.
 *
 * Each plugin object's meta lists its custom rules as it lists the built-ins (SARIF's rule descriptions
 * and help links come from it). definePlugin's meta is one per factory, so theirs is added here, once the
 * options were validated (the customRules list keeps the objects it was given).
 */
export const configLintPlugin: PluginFactory<typeof configLintSchema> = Object.assign(
  (raw?: ConfigLintOptions): PerfgatePlugin => {
    const instance = plugin(raw)
    const custom = raw?.customRules ?? []
    if (custom.length === 0) return instance
    const meta = instance.meta ?? plugin.meta
    return { ...instance, meta: { ...meta, rules: { ...meta.rules, ...ruleMetaOf(custom) } } }
  },
  { meta: plugin.meta, schema: plugin.schema },
)

/** The built folder's files as URL paths (`/assets/index-BQ3x7a9f.js`). */
async function listBuilt(dir: string): Promise<string[]> {
  let entries: string[]
  try {
    entries = await readdir(dir, { recursive: true })
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `config-lint: cannot read the built folder ${dir}`, {
      cause: error,
      hint: 'Build the project before perfgate runs, or fix the builtDir option.',
    })
  }
  const files: string[] = []
  for (const entry of entries) {
    const full = isAbsolute(entry) ? entry : join(dir, entry)
    const { statSync } = await import('node:fs')
    if (statSync(full).isFile()) files.push(`/${relative(dir, full).split(sep).join('/')}`)
  }
  return files.sort()
}
