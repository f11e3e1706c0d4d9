import { displayPath } from '../files.js'
import { isRecord, walkObjects } from '../parse/data.js'
import { defineRule } from '../rule.js'
import { keyOf } from './resilience-shapes.js'
import { appRetries, isMesh, meshRetries, type RetryLayer, sameService } from './stacked-retries.js'
import { ruleDocs } from './util.js'

const CALLER_TIMEOUT =
  /^(timeout|timeout_?ms|timeout_?seconds|request_?timeout|request_?timeout_?ms|deadline|deadline_?ms|total_?timeout)$/i
const RETRY = /^(retry|retries|retry_?policy|retryPolicy)$/i
const PER_TRY =
  /^(per_?try_?timeout|attempt_?timeout|try_?timeout|per_?attempt_?timeout|timeout)(_?(ms|millis|seconds|secs|s))?$/i
/** Counts that include the first try. */
const TOTAL_ATTEMPTS = /^(max_?attempts|maxAttempts|total_?attempts)$/i
/** Counts of retries after the first try (Istio's `attempts` is one of these). */
const RETRY_COUNT = /^(attempts|retries|max_?retries|maxRetries|num_?retries|retry_?count)$/i
const DELAY =
  /^(delay|delay_?ms|initial_?delay|initial_?delay_?ms|initial_?interval|wait_?duration|waitDuration|backoff_?ms|base_?delay|base_?delay_?ms)$/i
const MULTIPLIER =
  /^(multiplier|backoff_?multiplier|exponential_?backoff_?multiplier|exponentialBackoffMultiplier|factor)$/i
const MAX_DELAY = /^(max_?delay|max_?delay_?ms|max_?interval|max_?backoff|max_?backoff_?ms)$/i

/** A duration in ms: `"2s"`, `"500ms"`, `"1m"`, `"0.5s"`; a number when the key names its unit. Else undefined. */
export function durationMs(value: unknown, key: string): number | undefined {
  if (typeof value === 'number') {
    if (/(ms|millis|_?milliseconds)$/i.test(key)) return value
    if (/(seconds|secs|_s)$/i.test(key)) return value * 1000
    return undefined // a bare number: its unit is unknown
  }
  if (typeof value !== 'string') return undefined
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/i.exec(value.trim())
  if (!m) return undefined
  return (
    Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2].toLowerCase() as 'ms' | 's' | 'm' | 'h']
  )
}

function perTryOf(retry: Record<string, unknown>): number | undefined {
  const key = keyOf(retry, PER_TRY)
  return key ? durationMs(retry[key], key) : undefined
}

/**
 * Retries must fit inside the caller's deadline: attempts × per-try timeout + backoff beyond it means the
 * caller gives up while retries are still running (AWS Builders' Library); the last tries are wasted load.
 */
export const resilienceDeadlineBudget = defineRule({
  meta: {
    id: 'resilience/deadline-budget',
    docs: {
      description:
        "Attempts × per-try timeout + backoff fit inside the caller's timeout; retries are not stacked in app and mesh.",
      url: ruleDocs('resilience/deadline-budget'),
    },
    messages: {
      stacked:
        "Retries are stacked: this policy makes {{tries}} tries at {{service}}, and the mesh retries each of them ({{mesh}}, {{meshTries}} tries), so one call can become {{total}} attempts{{budget}}. Retry at one layer only (AWS Builders' Library): drop these retries or the mesh's.",
      overBudget:
        '{{tries}} tries × {{perTry}} ms per try{{backoff}} = {{total}} ms, beyond the {{timeout}} ms timeout: the caller gives up while retries still run. Fewer attempts or a shorter per-try timeout, so the sum fits.',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    const run = ctx.run as { apps?: RetryLayer[]; mesh?: RetryLayer[] }
    return {
      data(doc) {
        run.mesh ??= []
        run.apps ??= []
        if (isMesh(doc)) run.mesh.push(...meshRetries(doc, perTryOf))
        else run.apps.push(...appRetries(doc, perTryOf))
        for (const { object, path } of walkObjects(doc.value)) {
          const timeoutKey = keyOf(object, CALLER_TIMEOUT)
          const retryKey = keyOf(object, RETRY)
          if (!timeoutKey || !retryKey || !isRecord(object[retryKey])) continue
          const timeout = durationMs(object[timeoutKey], timeoutKey)
          const retry = object[retryKey] as Record<string, unknown>
          const perTry = perTryOf(retry)
          const totalKey = keyOf(retry, TOTAL_ATTEMPTS)
          const countKey = keyOf(retry, RETRY_COUNT)
          const tries = totalKey
            ? Number(retry[totalKey])
            : countKey
              ? Number(retry[countKey]) + 1
              : undefined
          if (timeout === undefined || perTry === undefined || !tries || !Number.isFinite(tries)) continue
          const delayKey = keyOf(retry, DELAY)
          const delay = delayKey ? (durationMs(retry[delayKey], delayKey) ?? 0) : 0
          const multiplierKey = keyOf(retry, MULTIPLIER)
          const multiplier = multiplierKey ? Number(retry[multiplierKey]) || 1 : 1
          const maxDelayKey = keyOf(retry, MAX_DELAY)
          const maxDelay = maxDelayKey
            ? (durationMs(retry[maxDelayKey], maxDelayKey) ?? Number.POSITIVE_INFINITY)
            : Number.POSITIVE_INFINITY
          let backoff = 0
          for (let i = 0; i < tries - 1; i++) backoff += Math.min(maxDelay, delay * multiplier ** i)
          const total = tries * perTry + backoff
          if (total > timeout)
            ctx.report({
              messageId: 'overBudget',
              loc: doc.locate([...path, retryKey], true),
              data: {
                tries,
                perTry: Math.round(perTry),
                backoff: backoff > 0 ? ` + ${Math.round(backoff)} ms backoff` : '',
                total: Math.round(total),
                timeout: Math.round(timeout),
              },
            })
        }
      },
    }
  },
  finish(ctx) {
    const run = ctx.run as { apps?: RetryLayer[]; mesh?: RetryLayer[] }
    for (const app of run.apps ?? [])
      for (const mesh of run.mesh ?? []) {
        const service = app.hosts.find((a) => mesh.hosts.some((m) => sameService(a, m)))
        if (!service) continue
        const total = app.tries * mesh.tries
        const meshMs = mesh.perTryMs !== undefined ? mesh.tries * mesh.perTryMs : undefined
        ctx.report({
          messageId: 'stacked',
          loc: app.loc,
          data: {
            tries: app.tries,
            service,
            mesh: `${displayPath(ctx.root, mesh.loc.file)}:${mesh.loc.line}`,
            meshTries: mesh.tries,
            total,
            budget:
              meshMs !== undefined && app.perTryMs !== undefined && meshMs > app.perTryMs
                ? `; each app try waits ${app.perTryMs} ms, but the mesh's ${mesh.tries} × ${mesh.perTryMs} ms = ${meshMs} ms, so the app gives up while the mesh still retries`
                : '',
          },
        })
      }
  },
})
