import { type DataDocument, isRecord, walkObjects } from '../parse/data.js'
import type { SourceRange } from '../rule.js'
import { keyOf, retriesOf } from './resilience-shapes.js'

/** One layer's retry policy for a service: how many tries one call makes there. */
export interface RetryLayer {
  /** Hosts or service names it applies to (lower case). */
  hosts: string[]
  tries: number
  loc: SourceRange
  /** Per-try timeout (ms), when known. */
  perTryMs?: number
}

const TOTAL = /^(max_?attempts|maxAttempts|total_?attempts)$/i
const COUNT = /^(attempts|retries|max_?retries|maxRetries|num_?retries|retry_?count)$/i
const NAME =
  /^(host|hostname|service|service_?name|serviceName|target|name|url|base_?url|baseUrl|endpoint|uri|address)$/i

const RETRY_BLOCK = /^(retry|retries|retry_?policy|retryPolicy|retry_?config|retry_?options)$/i

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value
  for (const part of path)
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined
  return node
}

/** Tries one call makes under a retry object (first try included), or undefined. */
export function triesOf(retry: Record<string, unknown>): number | undefined {
  const total = keyOf(retry, TOTAL)
  const count = keyOf(retry, COUNT)
  const n = total ? Number(retry[total]) : count ? Number(retry[count]) + 1 : Number.NaN
  return Number.isFinite(n) && n > 1 ? n : undefined
}

/** A URL's host, or the name itself; lower case. */
function hostOf(value: string): string {
  try {
    return new URL(value).hostname.toLowerCase()
  } catch {
    return value.toLowerCase()
  }
}

/**
 * The same service: equal names, or a bare Kubernetes name (`payments`) against its in-cluster forms
 * (`payments.prod`, `payments.prod.svc`, `payments.prod.svc.cluster.local`).
 */
export function sameService(a: string, b: string): boolean {
  if (a === b) return true
  const [short, long] = a.includes('.') ? [b, a] : [a, b]
  if (short.includes('.')) return false
  const labels = long.split('.')
  return labels[0] === short && (labels.length === 2 || /\.svc(\.cluster\.local)?$/.test(long))
}

/** A document that configures the mesh (Istio VirtualService, Envoy routes) rather than the app. */
export function isMesh(doc: DataDocument): boolean {
  const root = doc.value
  if (isRecord(root) && root.kind === 'VirtualService') return true
  for (const { object } of walkObjects(root)) if (Array.isArray(object.virtual_hosts)) return true
  return false
}

/** Application retry policies with the service names their holder gives (name, host, URL, its key). */
export function appRetries(
  doc: DataDocument,
  perTry: (retry: Record<string, unknown>) => number | undefined,
): RetryLayer[] {
  const out: RetryLayer[] = []
  for (const shape of retriesOf(doc.value)) {
    const tries = triesOf(shape.object)
    if (!tries) continue
    // The service the policy is for: the object holding a `retry:` block, else the object itself.
    const nested = RETRY_BLOCK.test(String(shape.path.at(-1)))
    const holderPath = nested ? shape.path.slice(0, -1) : shape.path
    const holder = valueAt(doc.value, holderPath)
    const hosts = new Set<string>()
    if (isRecord(holder))
      for (const [key, value] of Object.entries(holder))
        if (NAME.test(key) && typeof value === 'string' && value.trim()) hosts.add(hostOf(value.trim()))
    const holderKey = holderPath.at(-1)
    if (typeof holderKey === 'string') hosts.add(holderKey.toLowerCase())
    if (hosts.size === 0) continue
    out.push({ hosts: [...hosts], tries, loc: doc.locate(shape.path, true), perTryMs: perTry(shape.object) })
  }
  return out
}

/** Istio VirtualService `http[].retries` and Envoy `virtual_hosts[].routes[].route.retry_policy`. */
export function meshRetries(
  doc: DataDocument,
  perTry: (retry: Record<string, unknown>) => number | undefined,
): RetryLayer[] {
  const out: RetryLayer[] = []
  const root = doc.value
  const add = (retry: unknown, hosts: unknown[], path: (string | number)[], envoy: boolean) => {
    if (!isRecord(retry)) return
    // Envoy's num_retries defaults to 1 once a retry_policy is set; Istio's attempts counts retries.
    const tries = envoy && !keyOf(retry, COUNT) ? 2 : triesOf(retry)
    const names = hosts.filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase())
    if (tries && names.length > 0)
      out.push({ hosts: [...new Set(names)], tries, loc: doc.locate(path, true), perTryMs: perTry(retry) })
  }
  if (isRecord(root) && root.kind === 'VirtualService' && isRecord(root.spec)) {
    const spec = root.spec
    const hosts = Array.isArray(spec.hosts) ? spec.hosts : []
    ;(Array.isArray(spec.http) ? spec.http : []).forEach((route, i) => {
      if (!isRecord(route)) return
      const destinations = (Array.isArray(route.route) ? route.route : [])
        .map((r) => (isRecord(r) && isRecord(r.destination) ? r.destination.host : undefined))
        .filter(Boolean)
      add(route.retries, [...hosts, ...destinations], ['spec', 'http', i, 'retries'], false)
    })
  }
  for (const { object, path } of walkObjects(root)) {
    if (!Array.isArray(object.virtual_hosts)) continue
    object.virtual_hosts.forEach((vhost, v) => {
      if (!isRecord(vhost)) return
      const domains = Array.isArray(vhost.domains) ? vhost.domains : []
      const base = [...path, 'virtual_hosts', v]
      add(vhost.retry_policy, domains, [...base, 'retry_policy'], true)
      ;(Array.isArray(vhost.routes) ? vhost.routes : []).forEach((route, r) => {
        if (!isRecord(route) || !isRecord(route.route)) return
        const cluster = route.route.cluster
        add(
          route.route.retry_policy,
          [...domains, cluster],
          [...base, 'routes', r, 'route', 'retry_policy'],
          true,
        )
      })
    })
  }
  return out
}
