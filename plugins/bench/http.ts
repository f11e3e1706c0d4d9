import type { FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import { startServerCommand } from '../../core/toolkit/server-command.js'
import { slugify } from '../../core/toolkit/slug.js'
import type { ResolvedHttp, ResolvedScenario } from './options.js'

/** Responses by HTTP status. */
export interface StatusCounts {
  [status: string]: number
}

/** One autocannon run reduced to what perfgate reports. */
export interface LoadRun {
  latencyAvg: number
  latencyP50: number
  latencyP99: number
  rps: number
  throughput: number
  errorRate: number
  requests: number
  errors: number
  timeouts: number
  badStatuses: StatusCounts
}

/**
 * Starts the server, runs every scenario (warm-up, then `runs` measured runs), and stops it. In an A/B
 * round (`ctx.samples` set) a `duration` scenario is one burst of `abDuration` seconds whose first
 * `abWarmup` seconds warm the server up and are not counted: autocannon ends a run only on its 1 s
 * ticks, so a separate warm-up run cost a whole second more per scenario and round.
 *
 * The server is started afresh for every round, never kept across rounds (unlike Lighthouse's Chrome):
 * a Node process carries its own speed for its whole life (JIT decisions, heap layout, which core it
 * lands on), measured at 10–25 % between two processes of the same code. Kept for a whole A/B run, that
 * offset would be the same in every round of a side, so the rounds could not see it and would call it the
 * change; started each round, it varies from round to round like any other noise.
 */
export async function runHttpScenarios(
  http: ResolvedHttp,
  scenarios: ResolvedScenario[],
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger' | 'samples' | 'keep'>,
): Promise<{ metrics: MetricInput[]; findings: FindingInput[] }> {
  const metrics: MetricInput[] = []
  const findings: FindingInput[] = []
  if (scenarios.length === 0) return { metrics, findings }
  const cleanups: Array<() => Promise<void>> = []
  const round = ctx.samples !== undefined
  try {
    ctx.progress.update('starting the HTTP server')
    const server = await startHttpServer(http, http.env, ctx)
    cleanups.push(() => server.stop())
    ctx.logger.debug(`HTTP server ready at ${server.origin} (pid ${server.group.child.pid})`)
    for (const scenario of scenarios) {
      const target = scenario.path.startsWith('/') ? `${server.origin}${scenario.path}` : scenario.path
      const burst = round && scenario.amount === undefined
      if (http.warmup > 0 && !burst) {
        ctx.progress.update(`warm-up · ${scenario.name}`)
        await loadTest(scenario, target, ctx.signal, {
          duration: round ? Math.min(http.warmup, http.abDuration) : http.warmup,
        })
      }
      const length = burst
        ? {
            duration: Math.min(scenario.duration, http.abDuration),
            uncountedMs: Math.min(http.warmup, http.abWarmup) * 1000,
          }
        : undefined
      const runs: LoadRun[] = []
      for (let run = 1; run <= http.runs; run++) {
        ctx.progress.update(`run ${run}/${http.runs} · ${scenario.name}`)
        runs.push(await loadTest(scenario, target, ctx.signal, length))
      }
      metrics.push(...scenarioMetrics(scenario, runs))
      const finding = httpErrorFinding(scenario.name, {
        requests: sum(runs.map((r) => r.requests + r.errors)),
        errors: sum(runs.map((r) => r.errors)),
        timeouts: sum(runs.map((r) => r.timeouts)),
        badStatuses: mergeCounts(runs.map((r) => r.badStatuses)),
      })
      if (finding) findings.push(finding)
    }
  } finally {
    for (const cleanup of cleanups) await cleanup()
  }
  return { metrics, findings }
}

/** Starts the server command with `env` and waits until it answers `readyPath`. */
export function startHttpServer(
  http: ResolvedHttp,
  env: Record<string, string>,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track'>,
) {
  return startServerCommand(
    {
      command: http.command,
      cwd: http.cwd,
      env,
      readyPath: http.readyPath,
      timeout: http.readyTimeout,
      timeoutOption: 'http.readyTimeout',
      label: 'The HTTP server command',
    },
    { cwd: ctx.cwd, signal: ctx.signal, track: ctx.track },
  )
}

/**
 * One autocannon run of a scenario; `override` replaces its length (the warm-up, an A/B burst) and may
 * leave its first `uncountedMs` uncounted: responses that arrive before then warm the server up and
 * count in no figure but the error rate.
 */
export async function loadTest(
  scenario: ResolvedScenario,
  url: string,
  signal: AbortSignal,
  override?: { duration: number; uncountedMs?: number },
): Promise<LoadRun> {
  signal.throwIfAborted()
  const { default: autocannon } = await import('autocannon')
  const length = override
    ? { duration: override.duration }
    : scenario.amount !== undefined
      ? { amount: scenario.amount }
      : { duration: scenario.duration }
  const options = autocannonOptions(scenario, url, length)
  let stop = () => {}
  // autocannon ends a run on its next 1 s tick: time the span from start to the last response instead.
  const started = performance.now()
  const window = new CountedWindow(started + (override?.uncountedMs ?? 0))
  const finished = new Promise<import('autocannon').Result>((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
    instance.on('response', (_client: unknown, status: number, bytes: number, responseTime: number) =>
      window.add(performance.now(), status, bytes, responseTime),
    )
    stop = () => instance.stop()
  })
  const onAbort = () => stop()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    const result = await finished
    signal.throwIfAborted()
    if (!override?.uncountedMs) {
      const seconds = window.seconds() ?? result.duration
      return toLoadRun(result, scenario.expectStatus, seconds, window.latencies.summary())
    }
    const counted = toLoadRun(
      result,
      scenario.expectStatus,
      window.seconds() ?? result.duration,
      window.latencies.summary(),
    )
    return window.responses > 0 ? { ...counted, ...window.rates() } : counted
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function autocannonOptions(
  scenario: ResolvedScenario,
  url: string,
  length: { duration: number } | { amount: number },
): import('autocannon').Options {
  return {
    url,
    method: scenario.method,
    headers: scenario.headers,
    ...(scenario.body !== undefined ? { body: scenario.body } : {}),
    connections: scenario.connections,
    ...length,
  }
}

/**
 * Errors = socket errors + timeouts (autocannon counts timeouts in `errors`) + unexpected statuses; rates
 * are per second of `activeSeconds`.
 */
export function toLoadRun(
  result: import('autocannon').Result,
  expectStatus: number[] | null,
  activeSeconds: number,
  latency: LatencySummary | null = null,
): LoadRun {
  const badStatuses: StatusCounts = {}
  let responses = 0
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    const count = stats.count ?? 0
    responses += count
    const code = Number(status)
    const ok = expectStatus ? expectStatus.includes(code) : code >= 200 && code < 300
    if (!ok) badStatuses[status] = count
  }
  const bad = sum(Object.values(badStatuses))
  const attempts = responses + result.errors
  const seconds = activeSeconds > 0 ? activeSeconds : 1
  return {
    latencyAvg: latency?.average ?? result.latency.average,
    latencyP50: latency?.p50 ?? result.latency.p50,
    latencyP99: latency?.p99 ?? result.latency.p99,
    rps: responses / seconds,
    throughput: result.throughput.total / seconds,
    errorRate: attempts > 0 ? (100 * (result.errors + bad)) / attempts : 0,
    requests: responses,
    errors: result.errors,
    timeouts: result.timeouts,
    badStatuses,
  }
}

function scenarioMetrics(scenario: ResolvedScenario, runs: LoadRun[]): MetricInput[] {
  const base = `bench/http/${slugify(scenario.name)}`
  const label = `${scenario.method} ${scenario.path}`
  const metric = (
    name: string,
    title: string,
    unit: MetricInput['unit'],
    better: MetricInput['better'],
    pick: (r: LoadRun) => number,
    role?: 'detail',
  ): MetricInput => ({
    id: `${base}/${name}`,
    title: `${scenario.name} (${label}): ${title}`,
    unit,
    better,
    samples: runs.map(pick),
    ...(role ? { role } : {}),
  })
  // One slower handler moves every figure: the median, the tail, requests per second and the error
  // rate gate; the average (between median and tail) and throughput (rps × body size) are diagnosis.
  return [
    metric('latency-avg', 'average latency', 'ms', 'lower', (r) => r.latencyAvg, 'detail'),
    metric('latency-p50', 'median latency', 'ms', 'lower', (r) => r.latencyP50),
    metric('latency-p99', 'p99 latency', 'ms', 'lower', (r) => r.latencyP99),
    metric('rps', 'requests per second', 'req/s', 'higher', (r) => r.rps),
    metric('throughput', 'throughput', 'bytes/s', 'higher', (r) => r.throughput, 'detail'),
    metric('error-rate', 'error rate', 'percent', 'lower', (r) => r.errorRate),
  ]
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function mergeCounts(counts: StatusCounts[]): StatusCounts {
  const merged: StatusCounts = {}
  for (const c of counts) for (const [k, v] of Object.entries(c)) merged[k] = (merged[k] ?? 0) + v
  return merged
}

/** A scenario whose runs had failed requests: the counts by kind and status, so the cause is visible. */
export function httpErrorFinding(
  scenario: string,
  totals: { errors: number; timeouts: number; badStatuses: StatusCounts; requests: number },
): FindingInput | null {
  const bad = sum(Object.values(totals.badStatuses))
  const socketErrors = totals.errors - totals.timeouts
  if (socketErrors + totals.timeouts + bad === 0) return null
  const parts: string[] = []
  for (const [status, count] of Object.entries(totals.badStatuses).sort())
    parts.push(`${count} × HTTP ${status}`)
  if (totals.timeouts > 0) parts.push(`${totals.timeouts} timeout(s)`)
  if (socketErrors > 0) parts.push(`${socketErrors} connection error(s)`)
  return {
    ruleId: 'bench/http-errors',
    severity: 'warning',
    message: `HTTP scenario "${scenario}" had failed requests over ${totals.requests} attempts: ${parts.join(', ')}.`,
    help: 'Check the scenario’s method, path and body, or set `expectStatus` when another status is the expected answer.',
  }
}

/**
 * The responses of a run from `from` (ms, performance.now()) on: their count, bytes and 2xx response
 * times. autocannon's own histogram keeps whole milliseconds, so a 5 ms median would move in 20 % steps
 * a rank test cannot tell from a change: the 2xx times are kept at the resolution it timed them.
 */
export class CountedWindow {
  readonly latencies = new LatencySamples()
  responses = 0
  bytes = 0
  private last = 0

  constructor(private readonly from: number) {}

  add(at: number, status: number, bytes: number, responseTime: number): void {
    if (at < this.from) return
    this.responses++
    this.bytes += bytes
    this.last = at
    if (status >= 200 && status < 300) this.latencies.add(responseTime)
  }

  /** Seconds from the window's start to its last response, or null before any. */
  seconds(): number | null {
    return this.last > this.from ? (this.last - this.from) / 1000 : null
  }

  /** Requests and bytes per second over the window (the error rate stays the whole run's). */
  rates(): Pick<LoadRun, 'rps' | 'throughput'> {
    const seconds = this.seconds() ?? 1
    return { rps: this.responses / seconds, throughput: this.bytes / seconds }
  }
}

export interface LatencySummary {
  average: number
  p50: number
  p99: number
}

/** Response times (ms, fractional) of one run, in a growing typed array: 8 bytes a response. */
export class LatencySamples {
  private values = new Float64Array(1024)
  private count = 0

  add(ms: number): void {
    if (!Number.isFinite(ms)) return
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.count++] = ms
  }

  /** Mean and nearest-rank percentiles (as HdrHistogram reports them), or null with no response. */
  summary(): LatencySummary | null {
    if (this.count === 0) return null
    const sorted = this.values.slice(0, this.count).sort()
    let total = 0
    for (const value of sorted) total += value
    const rank = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
    return { average: total / sorted.length, p50: rank(0.5), p99: rank(0.99) }
  }
}
