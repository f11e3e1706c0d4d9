import { type DataPath, isRecord, walkObjects } from '../parse/data.js'

/** Keys that bound one call (not how long a breaker stays open). */
export const CALL_TIMEOUT =
  /^(timeout|timeouts|call_?timeout|request_?timeout|timeout_?ms|timeout_?millis|timeout_?seconds|timeout_?secs|per_?try_?timeout|read_?timeout|response_?timeout|time_?limiter|deadline|deadline_?ms)$/i
/** Breaker keys that look like timeouts but say how long the breaker stays open (aiobreaker, resilience4j). */
export const OPEN_DURATION =
  /^(timeout_?duration|wait_?duration.*|reset_?timeout|sleep_?window.*|open_?duration|recovery_?timeout)$/i

const BREAKER_KEY = /^(circuit_?breaker|circuit_?breakers|breaker)$/i
const RETRY_KEY = /^(retry|retries|retry_?policy|retry_?config|retry_?options)$/i
const RETRY_COUNT = /^(max_?retries|retry_?count|retry_?attempts|num_?retries|retries)$/i

export interface Shape {
  object: Record<string, unknown>
  path: (string | number)[]
  /** The object holding it (the service or client it configures). */
  parent?: Record<string, unknown>
  /** An Istio/Envoy route: Envoy backs off exponentially with jitter by itself. */
  mesh?: boolean
}

/** A JSON Schema or OpenAPI node describing a field, not a config (`$ref`, `properties`, `type: object`). */
export function isSchemaNode(object: Record<string, unknown>): boolean {
  return (
    '$ref' in object || 'properties' in object || (typeof object.type === 'string' && 'description' in object)
  )
}

const BREAKER_SETTING =
  /threshold|failure|error|reset|half|open|volume|max|timeout|window|duration|requests|connections|calls|percent/i
const RETRY_SETTING = /attempt|retr|backoff|delay|wait|interval|jitter|timeout|max|multiplier|count/i

export function breakersOf(value: unknown): Shape[] {
  const out: Shape[] = []
  for (const { object, path } of walkObjects(value))
    for (const [key, child] of Object.entries(object))
      if (
        BREAKER_KEY.test(key) &&
        isRecord(child) &&
        isSetting(child, BREAKER_SETTING) &&
        !isEnvoyLimits(child)
      )
        out.push({ object: child, path: [...path, key], parent: object })
  return out
}

export function retriesOf(value: unknown): Shape[] {
  const out = new Map<string, Shape>()
  const add = (shape: Shape) => out.set(JSON.stringify(shape.path), shape)
  const istio = isRecord(value) && value.kind === 'VirtualService'
  for (const { object, path } of walkObjects(value)) {
    for (const [key, child] of Object.entries(object)) {
      // A retry object holding only objects is a container of named policies (resilience4j.retry).
      if (
        RETRY_KEY.test(key) &&
        isRecord(child) &&
        Object.values(child).some((v) => !isRecord(v)) &&
        isSetting(child, RETRY_SETTING)
      )
        add({ object: child, path: [...path, key], parent: object, mesh: istio })
      else if (
        RETRY_COUNT.test(key) &&
        typeof child === 'number' &&
        !path.includes('circuit_breakers') &&
        !out.has(JSON.stringify(path.slice(0, -1)))
      )
        add({ object, path, mesh: istio })
    }
  }
  // resilience4j: resilience4j.retry.{instances,configs}.<name>
  if (isRecord(value) && isRecord(value.resilience4j) && isRecord(value.resilience4j.retry)) {
    for (const group of ['instances', 'configs'] as const) {
      const entries = value.resilience4j.retry[group]
      if (!isRecord(entries)) continue
      for (const [name, config] of Object.entries(entries))
        if (isRecord(config)) add({ object: config, path: ['resilience4j', 'retry', group, name] })
    }
  }
  return [...out.values()]
}

/** Targets a list of services calls (`services: [{name, url}]`). */
export function serviceTargetsOf(value: unknown): Shape[] {
  const out: Shape[] = []
  for (const { object, path } of walkObjects(value))
    for (const [key, child] of Object.entries(object)) {
      if (
        !/^(services|upstreams|endpoints|targets|dependencies|backends)$/i.test(key) ||
        !Array.isArray(child)
      )
        continue
      child.forEach((item, index) => {
        if (
          isRecord(item) &&
          ['url', 'endpoint', 'base_url', 'baseUrl'].some((k) => typeof item[k] === 'string')
        )
          out.push({ object: item, path: [...path, key, index], parent: object })
      })
    }
  return out
}

/**
 * Envoy's cluster `circuit_breakers: { thresholds: [...] }`: limits on connections, requests and
 * parallel retries (`max_retries` is how many retries may run at once), not a breaker that opens on
 * failures and not a retry policy.
 */
function isEnvoyLimits(object: Record<string, unknown>): boolean {
  return Array.isArray(object.thresholds) || Array.isArray(object.per_host_thresholds)
}

/** Settings, not a schema: at least one key of the kind, and no schema keywords. */
function isSetting(object: Record<string, unknown>, keys: RegExp): boolean {
  return !isSchemaNode(object) && Object.keys(object).some((k) => keys.test(k))
}

export function hasKey(object: Record<string, unknown> | undefined, pattern: RegExp): boolean {
  return !!object && Object.keys(object).some((k) => pattern.test(k))
}

export function keyOf(object: Record<string, unknown>, pattern: RegExp): string | undefined {
  return Object.keys(object).find((k) => pattern.test(k))
}

export type { DataPath }
