import { z } from 'zod'
import { customRulesProblems } from './custom-rules.js'
import { DEFAULT_GLOBS, DEFAULT_IGNORE } from './files.js'
import type { AnyLintRule } from './rule.js'

const level = z.enum(['off', 'warn', 'error'])

export const ruleSetting = z.union([
  level,
  z.tuple([level]),
  z.tuple([level, z.record(z.string(), z.unknown())]),
])

export const redisServerSchema = z.strictObject({
  /** A slug for metric ids: `cache/redis/<name>/hit-rate`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'),
  /** `redis://[user:password@]host:port` (a password may also come from the environment: `${REDIS_PASSWORD}`). */
  url: z.string().default('redis://127.0.0.1:6379'),
  /** What the server is for (redis/memory-policy). */
  role: z.enum(['cache', 'queue', 'store']).default('cache'),
  /** 0: hit rate since the server's stats were last reset; > 0: over this window (ms), measured now. */
  sampleMs: z.number().int().min(0).default(0),
  /** Connect and command timeout (ms). */
  timeoutMs: z.number().int().positive().default(3000),
})

export const configLintSchema = z.strictObject({
  /** Which files are linted as what (globs relative to the config's folder). */
  files: z
    .strictObject({
      nginx: z.array(z.string()).default(DEFAULT_GLOBS.nginx),
      redis: z.array(z.string()).default(DEFAULT_GLOBS.redis),
      headers: z.array(z.string()).default(DEFAULT_GLOBS.headers),
      fluentbit: z.array(z.string()).default(DEFAULT_GLOBS.fluentbit),
      script: z.array(z.string()).default(DEFAULT_GLOBS.script),
      data: z.array(z.string()).default(DEFAULT_GLOBS.data),
    })
    .prefault({}),
  /** Globs never linted (folders are not walked). */
  ignore: z.array(z.string()).default(DEFAULT_IGNORE),
  /** Rule levels, as in ESLint: `'off' | 'warn' | 'error'` or `[level, options]`. */
  rules: z.record(z.string(), ruleSetting).default({}),
  /** Rules made with defineRule, run beside the built-ins and set in `rules` by their id. */
  customRules: z
    .array(z.custom<AnyLintRule>(), {
      error: 'expected a list of rules made with defineRule: customRules: [myRule]',
    })
    .default([])
    .superRefine((rules, ctx) => {
      for (const problem of customRulesProblems(rules))
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message })
    }),
  /** The built folder: the caching rules check what applies to each of its real files. */
  builtDir: z.string().optional(),
  /** Running Redis servers: live settings (CONFIG GET), hit rate and memory (INFO). */
  redis: z.array(redisServerSchema).default([]),
  /** URLs whose live response headers the caching rules check. */
  urls: z.array(z.url()).default([]),
})

export type ConfigLintOptions = z.input<typeof configLintSchema>
export type ResolvedConfigLintOptions = z.output<typeof configLintSchema>
