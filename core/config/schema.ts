import { z } from 'zod'

const isPlugin = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { collect?: unknown }).collect === 'function'

const describe = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object without name and collect()'
        : `${typeof value} ${JSON.stringify(value)}`

export const pluginSchema = z.custom<object>(isPlugin, {
  error: (issue) =>
    `expected a plugin (an object with a string "name" and a "collect" function, e.g. hostPlugin()), got ${describe(issue.input)}`,
})

const maybe = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(false), z.null(), z.undefined()])

const budgetSchema = z
  .strictObject({ max: z.number().optional(), min: z.number().optional(), absolute: z.boolean().optional() })
  .refine((b) => b.max !== undefined || b.min !== undefined, { message: 'a budget needs "max" or "min"' })

const thresholdSchema = z.strictObject({
  rel: z.number().min(0).optional(),
  abs: z.number().min(0).optional(),
})

const presetSchema = z.object({
  name: z.string(),
  plugins: z.array(pluginSchema),
  budgets: z.record(z.string(), budgetSchema).optional(),
  thresholds: z.record(z.string(), thresholdSchema).optional(),
})

/** By name, for JSON configs: `"recommended"` or `["recommended", { ... }]`. */
const presetRefSchema = z.union([
  z.string().min(1),
  z.tuple([z.string().min(1), z.record(z.string(), z.unknown())]),
])

const isNamedRef = (value: unknown) =>
  (typeof value === 'string' && value.length > 0) ||
  (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'object')

/** One entry of `plugins`: a plugin, an array of plugins, a named built-in, or a falsy placeholder. */
const pluginEntrySchema = z.custom<unknown>(
  (value) =>
    value === false ||
    value === null ||
    value === undefined ||
    isPlugin(value) ||
    isNamedRef(value) ||
    (Array.isArray(value) && value.every(isPlugin)),
  {
    error: (issue) =>
      `expected a plugin (an object with a string "name" and a "collect" function, e.g. hostPlugin()), got ${describe(issue.input)}`,
  },
)

export const userConfigSchema = z.strictObject({
  plugins: z.array(pluginEntrySchema).optional(),
  presets: z.array(maybe(z.union([presetSchema, presetRefSchema]))).optional(),
  budgets: z.record(z.string(), budgetSchema).optional(),
  budgetMode: z.enum(['change', 'absolute']).optional(),
  baseline: z
    .strictObject({
      store: z.enum(['git', 'folder']).optional(),
      branch: z.string().min(1).optional(),
      remote: z.string().min(1).optional(),
      dir: z.string().min(1).optional(),
      base: z.string().min(1).optional(),
      required: z.boolean().optional(),
    })
    .optional(),
  compare: z
    .strictObject({
      threshold: thresholdSchema.optional(),
      thresholds: z.record(z.string(), thresholdSchema).optional(),
      minEffect: z.number().min(0).max(10).optional(),
      alpha: z.number().gt(0).lt(1).optional(),
      history: z.number().int().min(0).max(100).optional(),
      sizeFloor: z.number().min(0).optional(),
      roles: z.record(z.string(), z.enum(['measure', 'detail', 'context', 'change-cost'])).optional(),
    })
    .optional(),
  ab: z
    .strictObject({
      build: z.string().min(1).optional(),
      plan: z
        .strictObject({
          min: z.number().int().min(2),
          step: z.number().int().min(1),
          max: z.number().int().min(2),
        })
        .refine((p) => p.max >= p.min, { error: '`max` must be at least `min`' })
        .optional(),
      budgetMs: z.number().int().positive().optional(),
    })
    .optional(),
  failOn: z.enum(['regression', 'budget', 'any', 'none']).optional(),
  outDir: z.string().min(1).optional(),
  timeout: z.number().int().positive().optional(),
  redact: z.array(z.string().min(1)).optional(),
})
