import { z } from 'zod'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

const positiveInt = z.number().int().positive()
const positive = z.number().positive()
const stringMap = z.record(z.string(), z.string())

/** One autocannon scenario against the server started by `http.command`. */
const scenarioSchema = z
  .strictObject({
    /** Names the metrics: `bench/http/<name>/…`. */
    name: z.string().min(1),
    /** HTTP method, any case. */
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(
        z.enum(METHODS, {
          error: (issue) => `expected one of ${METHODS.join(', ')}, got ${JSON.stringify(issue.input)}`,
        }),
      )
      .default('GET'),
    /** Path (and query) on the started server, e.g. `/api/items?limit=20`; or a full http(s) URL. */
    path: z.string().refine(isValidTarget, {
      error: (issue) =>
        `expected a path starting with "/" or an http(s) URL, got ${JSON.stringify(issue.input)}`,
    }),
    headers: stringMap.default({}),
    /** Request body; objects and arrays are sent as JSON (with a JSON content-type unless one is set). */
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    /** Concurrent connections. */
    connections: positiveInt.default(10),
    /** Seconds per run; ignored when `amount` is set. */
    duration: positive.default(3),
    /** Requests per run, instead of a duration. */
    amount: positiveInt.optional(),
    /** Statuses that count as success; default any 2xx. */
    expectStatus: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
  })
  .transform(({ body, headers, expectStatus, ...scenario }) => {
    const sentHeaders = { ...headers }
    if (
      body !== undefined &&
      typeof body !== 'string' &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    )
      sentHeaders['content-type'] = 'application/json'
    return {
      ...scenario,
      headers: sentHeaders,
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
      /** null: any 2xx. */
      expectStatus:
        expectStatus === undefined ? null : Array.isArray(expectStatus) ? expectStatus : [expectStatus],
    }
  })

/** A server command and the load scenarios run against it. */
const httpSchema = z
  .strictObject({
    /** Starts the server: a shell command line, or an argv array run without a shell. It must listen on `PORT`. */
    command: z.union([z.string().min(1), z.array(z.string()).min(1)]),
    /** Where the command runs, relative to the config's folder. */
    cwd: z.string().optional(),
    /** Extra environment for the server. */
    env: stringMap.default({}),
    /** Polled until it answers (any HTTP status). */
    readyPath: z.string().startsWith('/').default('/'),
    /** How long the server may take to answer `readyPath` (ms). */
    readyTimeout: positive.default(30_000),
    /** autocannon runs per scenario, one sample each. */
    runs: positiveInt.default(3),
    /** Seconds of warm-up load per scenario before the measured runs (0 = none); once per side in A/B. */
    warmup: z.number().min(0).default(1),
    /**
     * Longest warm-up and measured run (seconds) of a `duration` scenario in an A/B round: more short
     * rounds, each on a fresh server, decide sooner than few long ones (docs/bench.md).
     */
    abDuration: positive.default(1),
    /**
     * Seconds at the start of each A/B burst that warm the server up and are not counted (capped by
     * `warmup`): one burst per scenario and round instead of a warm-up run and a measured run.
     */
    abWarmup: z.number().min(0).default(0.3),
    scenarios: z
      .array(scenarioSchema)
      .min(1)
      .superRefine((scenarios, ctx) => {
        const seen = new Set<string>()
        scenarios.forEach((scenario, index) => {
          if (seen.has(scenario.name))
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `"${scenario.name}" is already the name of another scenario; every scenario needs its own (it names the metrics)`,
            })
          seen.add(scenario.name)
        })
      }),
  })
  .superRefine((http, ctx) => {
    if (http.abWarmup >= http.abDuration)
      ctx.addIssue({
        code: 'custom',
        path: ['abWarmup'],
        message: `${http.abWarmup} s of warm-up would leave nothing of the ${http.abDuration} s A/B burst to measure; set http.abWarmup below http.abDuration`,
      })
  })

/** Results of an existing benchmark suite, read into metrics `bench/<name>/…`. */
const importSchema = z.strictObject({
  format: z.enum(['vitest', 'hyperfine', 'github-action-benchmark']),
  /** The results file, relative to the config's folder. */
  file: z.string().min(1),
  /** Names the metrics: `bench/<name>/…`. Default: the file's base name. */
  name: z.string().min(1).optional(),
  /** github-action-benchmark only: `lower` for customSmallerIsBetter, `higher` for customBiggerIsBetter. */
  better: z.enum(['lower', 'higher']).default('lower'),
})

export const DEFAULT_FILES = ['**/*.bench.{js,mjs,ts}']

/** The options of `benchPlugin()`: each declared once, with its default. */
export const benchOptionsSchema = z.strictObject({
  /** Bench files: globs relative to the config's folder. `false` = no micro-benchmarks. */
  files: z
    .union([z.string(), z.array(z.string()), z.literal(false)])
    .default(DEFAULT_FILES)
    .transform((files) => (files === false ? [] : typeof files === 'string' ? [files] : files)),
  /** Globs never searched (node_modules, .git, dist and dot-folders are always skipped). */
  exclude: z.array(z.string()).default([]),
  /**
   * Fresh processes per bench file, one sample each: run-to-run noise lives between processes, so more,
   * shorter processes judge better than fewer, longer ones.
   */
  runs: positiveInt.default(10),
  /** tinybench time budget per task and run (ms). */
  time: positive.default(250),
  /** tinybench warm-up per task and run (ms). */
  warmupTime: z.number().min(0).default(100),
  /**
   * The breakdown of each task's median latency (its self time by function, with file:line): in the
   * first run of each file on each side, every task runs once more for this many ms under V8's sampling
   * profiler, counted in no figure. `false`: no profile.
   */
  profileTime: z.union([z.literal(false), positive]).default(100),
  /** Extra environment for the bench processes. */
  env: stringMap.default({}),
  /** A task whose relative margin of error (%) exceeds this gets a `bench/unstable` finding. */
  maxRme: positive.default(10),
  /**
   * A run whose tasks are, by their median, this many times slower than their undisturbed level (each
   * task's lower quartile over the file's runs on the same side, earlier A/B rounds included) was
   * disturbed by the machine and is measured again, at most `runs` extra processes per file (at least 3)
   * and within half the plugin's time. `0` keeps every run.
   */
  disturbance: z.union([z.literal(0), z.number().gt(1)]).default(1.2),
  /** HTTP load scenarios against a server command perfgate starts and always stops. */
  http: httpSchema.optional(),
  /** Results of existing suites (vitest bench, hyperfine, github-action-benchmark). */
  imports: z.array(importSchema).default([]),
  /** Plugin timeout (ms), overriding the config's `timeout`. */
  timeout: positive.optional(),
})

export type BenchOptions = z.input<typeof benchOptionsSchema>
export type ResolvedBenchOptions = z.output<typeof benchOptionsSchema>
export type HttpOptions = z.input<typeof httpSchema>
export type ResolvedHttp = z.output<typeof httpSchema>
export type HttpScenario = z.input<typeof scenarioSchema>
export type ResolvedScenario = z.output<typeof scenarioSchema>
export type ImportSource = z.input<typeof importSchema>
export type ResolvedImport = z.output<typeof importSchema>
export type ImportFormat = ImportSource['format']

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
