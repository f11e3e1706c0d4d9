import { errorMessage } from '../../core/toolkit/index.js'

export interface ServiceCheck {
  /** Shown in messages; its slug names the metrics (`host/service/<slug>/up`). */
  name: string
  url: string
  /** Default 5000 ms. */
  timeoutMs?: number
  /** The status that means "up". Default: any 2xx. */
  expectStatus?: number
}

export interface ServiceResult {
  name: string
  slug: string
  url: string
  up: boolean
  /** Time to the whole response; null when no response arrived. */
  latencyMs: number | null
  /** Why it is down; null when up. */
  error: string | null
}

export const DEFAULT_SERVICE_TIMEOUT_MS = 5000

/** A metric-id-safe name: `Example API` → `example-api`. */
export function serviceSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
}

/** Slugs for all services, made unique (`api`, `api-2`) so no two share a metric id. */
export function serviceSlugs(services: ServiceCheck[]): string[] {
  const used = new Set<string>()
  return services.map((service, index) => {
    const base = serviceSlug(service.name) || `service-${index + 1}`
    let slug = base
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`
    used.add(slug)
    return slug
  })
}

/** Checks every service at once, after warming up fetch so the first latency is the service's, not undici's load time. */
export async function checkServices(
  services: ServiceCheck[],
  slugs: string[],
  signal?: AbortSignal,
): Promise<ServiceResult[]> {
  if (services.length === 0) return []
  await warmUpFetch()
  return Promise.all(services.map((service, i) => checkService(service, slugs[i], signal)))
}

let warmedUp = false

/** The first fetch() in a process loads and compiles undici (tens of ms); a data: URL does that offline. */
async function warmUpFetch(): Promise<void> {
  if (warmedUp) return
  warmedUp = true
  try {
    await (await fetch('data:,')).arrayBuffer()
  } catch {
    // Only a warm-up.
  }
}

/** Requests one health URL. Never throws for a down service; rethrows only when `signal` aborts. */
export async function checkService(
  service: ServiceCheck,
  slug: string,
  signal?: AbortSignal,
): Promise<ServiceResult> {
  const timeoutMs = service.timeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout
  const result = { name: service.name, slug, url: service.url }
  const start = performance.now()
  try {
    const response = await fetch(service.url, { signal: combined, headers: { 'user-agent': 'perfgate' } })
    await response.arrayBuffer()
    const latencyMs = round(performance.now() - start)
    const up = service.expectStatus === undefined ? response.ok : response.status === service.expectStatus
    const expected = service.expectStatus === undefined ? 'a 2xx status' : String(service.expectStatus)
    return { ...result, up, latencyMs, error: up ? null : `HTTP ${response.status} (expected ${expected})` }
  } catch (error) {
    signal?.throwIfAborted()
    const reason = timeout.aborted ? `no response within ${timeoutMs} ms` : fetchErrorMessage(error)
    return { ...result, up: false, latencyMs: null, error: reason }
  }
}

/** fetch says only "fetch failed"; the cause holds the socket error (ECONNREFUSED, ENOTFOUND…). */
function fetchErrorMessage(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  if (!cause) return errorMessage(error)
  // Happy-eyeballs failures arrive as an AggregateError with an empty message.
  const inner = cause instanceof AggregateError ? cause.errors[0] : cause
  const code = (cause as { code?: unknown }).code
  return errorMessage(inner) || (typeof code === 'string' ? code : errorMessage(error))
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
