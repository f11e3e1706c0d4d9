import { z } from 'zod'

const METRIC_ID = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9._-]+)*$/

export const unitSchema = z.enum([
  'ms',
  'bytes',
  'percent',
  'count',
  'score',
  'ops/s',
  'req/s',
  'bytes/s',
  'ratio',
  'none',
])
export const betterSchema = z.enum(['lower', 'higher'])
export const roleSchema = z.enum(['measure', 'detail', 'context', 'change-cost'])
export const verdictSchema = z.enum(['regressed', 'improved', 'unchanged', 'inconclusive', 'new', 'none'])
export const severitySchema = z.enum(['error', 'warning', 'info'])

const finite = z.number().refine(Number.isFinite, 'must be a finite number')

export const metricIdSchema = z
  .string()
  .regex(METRIC_ID, 'must be lowercase and slash-separated, e.g. "bundle/initial-js/brotli"')

export const breakdownPartSchema = z.object({
  key: z.string().min(1),
  value: finite,
  label: z.string().optional(),
  location: z.string().optional(),
  basis: finite.optional(),
})

export const stackPartSchema = z.object({ frames: z.array(z.string().min(1)).min(1), value: finite })

export const metricInputSchema = z
  .object({
    id: metricIdSchema,
    title: z.string().min(1),
    unit: unitSchema,
    better: betterSchema,
    value: finite.optional(),
    samples: z.array(finite).min(1).optional(),
    timing: z.boolean().optional(),
    role: roleSchema.optional(),
    method: z.string().min(1).max(40).optional(),
    breakdown: z.array(breakdownPartSchema).optional(),
    // Bounded here, cut to STACKS_MAX by core: a profile's stacks, not a whole profile.
    stacks: z
      .array(stackPartSchema.extend({ frames: z.array(z.string().min(1)).min(1).max(256) }))
      .max(10_000)
      .optional(),
  })
  .refine((m) => m.value !== undefined || m.samples !== undefined, {
    message: 'needs a value or samples',
    path: ['value'],
  })

const locationFields = {
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  endLine: z.number().int().positive().optional(),
  endColumn: z.number().int().positive().optional(),
  help: z.string().optional(),
  docs: z.string().optional(),
}

export const findingInputSchema = z.object({
  ruleId: z.string().min(1),
  severity: severitySchema,
  message: z.string().min(1),
  ...locationFields,
})

export const artifactInputSchema = z.object({ kind: z.string().min(1), path: z.string().min(1) })

export const pluginOutputSchema = z.object({
  metrics: z.array(metricInputSchema).optional(),
  findings: z.array(findingInputSchema).optional(),
  artifacts: z.array(artifactInputSchema).optional(),
  error: z.string().min(1).optional(),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => JSON.stringify(d).length <= 4 * 1024 * 1024, 'must serialise to at most 4 MB of JSON')
    .optional(),
})

export const metricSchema = z.object({
  id: metricIdSchema,
  plugin: z.string(),
  title: z.string(),
  unit: unitSchema,
  better: betterSchema,
  value: z.number(),
  samples: z.array(z.number()).optional(),
  timing: z.boolean().optional(),
  role: roleSchema.optional(),
  method: z.string().optional(),
  breakdown: z.array(breakdownPartSchema).optional(),
  breakdownOmitted: z.object({ parts: z.number().int(), value: z.number() }).optional(),
  stacks: z.array(stackPartSchema).optional(),
  budget: z
    .object({
      max: z.number().optional(),
      min: z.number().optional(),
      status: z.enum(['ok', 'exceeded']),
      source: z.string().optional(),
      base: z
        .object({
          value: z.number(),
          status: z.enum(['ok', 'exceeded']),
          roundsPast: z.object({ past: z.number().int().min(0), of: z.number().int().min(1) }).optional(),
        })
        .optional(),
      known: z.boolean().optional(),
    })
    .optional(),
  baseline: z
    .object({
      value: z.number(),
      samples: z.array(z.number()).optional(),
      commit: z.string().nullable(),
      source: z.enum(['same-job', 'stored']).optional(),
    })
    .optional(),
  change: z
    .object({
      abs: z.number(),
      rel: z.number(),
      ci: z.tuple([z.number(), z.number()]).optional(),
      p: z.number().optional(),
    })
    .optional(),
  verdict: verdictSchema,
  reason: z.string().optional(),
  why: z
    .object({
      kind: z.enum(['diff', 'head']),
      parts: z.array(
        z.object({
          key: z.string(),
          label: z.string().optional(),
          location: z.string().optional(),
          head: z.number().optional(),
          base: z.number().optional(),
          delta: z.number(),
          status: z.enum(['new', 'gone', 'changed', 'unchanged']),
        }),
      ),
      omitted: z.number().int().optional(),
      partial: z.boolean().optional(),
      rest: z.object({ delta: z.number(), parts: z.number().int() }).optional(),
      baseStacks: z.array(stackPartSchema).optional(),
    })
    .optional(),
})

export const hostSchema = z.looseObject({
  cpuModel: z.string(),
  cores: z.number(),
  memoryBytes: z.number(),
  os: z.string(),
  arch: z.string(),
  node: z.string(),
  ci: z.object({ provider: z.string().nullable(), runner: z.string().nullable() }),
  cpuQuota: z.number().nullable(),
})

export const reportSchema = z.looseObject({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  baseCommit: z.string().nullable(),
  host: hostSchema,
  shard: z.object({ index: z.number().int().positive(), total: z.number().int().positive() }).optional(),
  plugins: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['ok', 'failed', 'skipped']),
      durationMs: z.number(),
      error: z.string().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  metrics: z.array(metricSchema),
  findings: z.array(findingInputSchema.extend({ plugin: z.string(), known: z.boolean().optional() })),
  artifacts: z.array(artifactInputSchema.extend({ plugin: z.string() })),
  summary: z.object({
    verdict: z.enum(['pass', 'fail']),
    regressions: z.number().int(),
    improvements: z.number().int(),
    overBudget: z.number().int(),
    errors: z.number().int(),
    findings: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  }),
})

/** "metrics[2].samples[0]" from a zod issue path. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(root)'
}
