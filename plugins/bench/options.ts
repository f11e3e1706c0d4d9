import { z } from 'zod'
import { PerfgateError } from '../../core/model/errors.js'

/** One autocannon scenario against the server started by `http.command`. */
export interface HttpScenario {
  /** Names the metrics: `bench/http/<name>/…`. */
  name: string
  /** Default `GET`. */
  method?: string
  /** Path (and query) on the started server, e.g. `/api/items?limit=20`; or a full http(s) URL. */
  path: string
  headers?: Record<string, string>
  /** Request body; objects are sent as JSON (with a JSON content-type unless one is set). */
  body?: string | Record<string, unknown> | unknown[]
  /** Concurrent connections. Default 10. */
  connections?: number
  /** Seconds per run. Default 3 (unless `amount` is set). */
  duration?: number
  /** Requests per run instead of a duration. */
  amount?: number
  /** Statuses that count as success; default: any 2xx. */
  expectStatus?: number | number[]
}

export interface HttpOptions {
  /** Starts the server: a shell command line, or an argv array run without a shell. It must listen on `PORT`. */
  command: string | string[]
  /** Relative to the config's folder. */
  cwd?: string
  env?: Record<string, string>
  /** Polled until it answers (any HTTP status). Default `/`. */
  readyPath?: string
  /** How long the server may take to answer `readyPath` (ms). Default 30000. */
  readyTimeout?: number
  /** autocannon runs per scenario, one sample each. Default 3. */
  runs?: number
  /** Seconds of warm-up load per scenario before the measured runs (0 = none). Default 1. */
  warmup?: number
  scenarios: HttpScenario[]
}

export type ImportFormat = 'vitest' | 'hyperfine' | 'github-action-benchmark'

export interface ImportSource {
  format: ImportFormat
  /** Relative to the config's folder. */
  file: string
  /** Names the metrics: `bench/<name>/…`. Default: the file's base name. */
  name?: string
  /** github-action-benchmark only: `lower` for customSmallerIsBetter (default), `higher` for customBiggerIsBetter. */
  better?: 'lower' | 'higher'
}

export interface BenchOptions {
  /** Bench files, globs relative to the config's folder. Default `**\/*.bench.{js,mjs,ts}`. `false` = none. */
  files?: string | string[] | false
  /** Globs never searched (node_modules, .git and dist are always skipped). */
  exclude?: string[]
  /**
   * Fresh processes per bench file, one sample each. Default 10: run-to-run noise lives between processes,
   * so more, shorter processes judge better than fewer, longer ones.
   */
  runs?: number
  /** tinybench time budget per task and run (ms). Default 250. */
  time?: number
  /** tinybench warm-up per task and run (ms). Default 100. */
  warmupTime?: number
  /** Extra environment for the bench processes. */
  env?: Record<string, string>
  /** A task whose relative margin of error (%) exceeds this gets a finding. Default 10. */
  maxRme?: number
  /**
   * A run whose tasks are, by their median, this many times slower than their undisturbed level (each
   * task's lower quartile over the file's runs) was disturbed by the machine (a busy neighbour) and is
   * measured again, at most `runs` extra processes per file and within half the plugin's timeout.
   * Default 1.2; `0` keeps every run.
   */
  disturbance?: number
  http?: HttpOptions
  imports?: ImportSource[]
  /** Plugin timeout (ms), overriding the config's. */
  timeout?: number
}

export const DEFAULT_FILES = ['**/*.bench.{js,mjs,ts}']
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

const positiveInt = z.number().int().positive()
const positive = z.number().positive()
const stringMap = z.record(z.string(), z.string())

const scenarioSchema = z
  .object({
    name: z.string().min(1),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS, { error: `expected one of ${METHODS.join(', ')}` }))
      .optional(),
    path: z.string().refine(isValidTarget, {
      error: 'expected a path starting with "/" or an http(s) URL',
    }),
    headers: stringMap.optional(),
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    connections: positiveInt.optional(),
    duration: positive.optional(),
    amount: positiveInt.optional(),
    expectStatus: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
  })
  .strict()

const httpSchema = z
  .object({
    command: z.union([z.string().min(1), z.array(z.string()).min(1)]),
    cwd: z.string().optional(),
    env: stringMap.optional(),
    readyPath: z.string().startsWith('/').optional(),
    readyTimeout: positive.optional(),
    runs: positiveInt.optional(),
    warmup: z.number().min(0).optional(),
    scenarios: z.array(scenarioSchema).min(1),
  })
  .strict()

const optionsSchema = z
  .object({
    files: z.union([z.string(), z.array(z.string()), z.literal(false)]).optional(),
    exclude: z.array(z.string()).optional(),
    runs: positiveInt.optional(),
    time: positive.optional(),
    warmupTime: z.number().min(0).optional(),
    env: stringMap.optional(),
    maxRme: positive.optional(),
    disturbance: z.union([z.literal(0), z.number().gt(1)]).optional(),
    http: httpSchema.optional(),
    imports: z
      .array(
        z
          .object({
            format: z.enum(['vitest', 'hyperfine', 'github-action-benchmark']),
            file: z.string().min(1),
            name: z.string().min(1).optional(),
            better: z.enum(['lower', 'higher']).optional(),
          })
          .strict(),
      )
      .optional(),
    timeout: positive.optional(),
  })
  .strict()

export interface ResolvedScenario {
  name: string
  method: (typeof METHODS)[number]
  path: string
  headers: Record<string, string>
  body?: string
  connections: number
  duration?: number
  amount?: number
  /** null: any 2xx. */
  expectStatus: number[] | null
}

export interface ResolvedHttp {
  command: string | string[]
  cwd?: string
  env: Record<string, string>
  readyPath: string
  readyTimeout: number
  runs: number
  warmup: number
  scenarios: ResolvedScenario[]
}

export interface ResolvedBenchOptions {
  files: string[]
  exclude: string[]
  runs: number
  time: number
  warmupTime: number
  env: Record<string, string>
  maxRme: number
  disturbance: number
  http: ResolvedHttp | null
  imports: ImportSource[]
  timeout?: number
}

/** Validates and fills defaults; a bad option is a CONFIG_INVALID error (exit 2) naming it. */
export function resolveBenchOptions(options: BenchOptions): ResolvedBenchOptions {
  const parsed = optionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = describePath(issue.path, options)
    throw new PerfgateError('CONFIG_INVALID', `benchPlugin: ${where}: ${issue.message}.`, {
      hint: 'See docs/bench.md for the options of benchPlugin().',
    })
  }
  const o = parsed.data
  const files = o.files === false ? [] : typeof o.files === 'string' ? [o.files] : (o.files ?? DEFAULT_FILES)
  const http = o.http ? resolveHttp(o.http) : null
  return {
    files,
    exclude: o.exclude ?? [],
    runs: o.runs ?? 10,
    time: o.time ?? 250,
    warmupTime: o.warmupTime ?? 100,
    env: o.env ?? {},
    maxRme: o.maxRme ?? 10,
    disturbance: o.disturbance ?? 1.2,
    http,
    imports: o.imports ?? [],
    timeout: o.timeout,
  }
}

function resolveHttp(http: z.infer<typeof httpSchema>): ResolvedHttp {
  const names = new Set<string>()
  const scenarios = http.scenarios.map((s): ResolvedScenario => {
    if (names.has(s.name))
      throw new PerfgateError('CONFIG_INVALID', `benchPlugin: http scenario "${s.name}" is defined twice.`, {
        hint: 'Give every scenario its own name: it names the metrics.',
      })
    names.add(s.name)
    const headers = { ...(s.headers ?? {}) }
    let body: string | undefined
    if (typeof s.body === 'string') body = s.body
    else if (s.body !== undefined) {
      body = JSON.stringify(s.body)
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json'
    }
    return {
      name: s.name,
      method: s.method ?? 'GET',
      path: s.path,
      headers,
      ...(body !== undefined ? { body } : {}),
      connections: s.connections ?? 10,
      ...(s.amount !== undefined ? { amount: s.amount } : { duration: s.duration ?? 3 }),
      expectStatus:
        s.expectStatus === undefined
          ? null
          : Array.isArray(s.expectStatus)
            ? s.expectStatus
            : [s.expectStatus],
    }
  })
  return {
    command: http.command,
    cwd: http.cwd,
    env: http.env ?? {},
    readyPath: http.readyPath ?? '/',
    readyTimeout: http.readyTimeout ?? 30_000,
    runs: http.runs ?? 3,
    warmup: http.warmup ?? 1,
    scenarios,
  }
}

function isValidTarget(path: string): boolean {
  if (path.startsWith('/')) {
    try {
      new URL(path, 'http://127.0.0.1')
      return !/\s/.test(path)
    } catch {
      return false
    }
  }
  try {
    const url = new URL(path)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** `http.scenarios[1].method` → `http scenario "list" (method)`, so the message names the scenario. */
function describePath(path: PropertyKey[], options: BenchOptions): string {
  if (path[0] === 'http' && path[1] === 'scenarios' && typeof path[2] === 'number') {
    const name = options.http?.scenarios?.[path[2]]?.name
    const label = name ? `"${name}"` : `#${path[2] + 1}`
    const field = path.slice(3).join('.')
    return `http scenario ${label}${field ? ` (${field})` : ''}`
  }
  return path.length > 0 ? `option ${path.map(String).join('.')}` : 'options'
}
