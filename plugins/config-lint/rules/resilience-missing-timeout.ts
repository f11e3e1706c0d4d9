import { isRecord } from '../parse/data.js'
import { defineRule } from '../rule.js'
import {
  breakersOf,
  CALL_TIMEOUT,
  hasKey,
  keyOf,
  OPEN_DURATION,
  serviceTargetsOf,
} from './resilience-shapes.js'
import { ruleDocs } from './util.js'

/**
 * A service call without a timeout waits as long as the dependency hangs: threads, sockets and the caller's
 * own deadline go with it (AWS Builders' Library, "Timeouts, retries and backoff with jitter").
 */
export const resilienceMissingTimeout = defineRule({
  meta: {
    id: 'resilience/missing-timeout',
    docs: {
      description: 'Circuit breakers, service clients, health checks and mesh routes without a call timeout.',
      url: ruleDocs('resilience/missing-timeout'),
    },
    messages: {
      breaker:
        "This circuit breaker has no call timeout{{openNote}}: a dependency that hangs instead of failing never counts as a failure, so the breaker never opens. Add a per-call timeout (e.g. timeout_ms: 2000) below the caller's deadline.",
      disabled:
        'timeout is false: opossum then waits for the call forever, and a hung dependency never trips the breaker. Set a timeout in ms.',
      service:
        '{{name}} ({{url}}) is called without a timeout: one hung service stalls every check or request behind it. Set timeout (seconds or ms) below the interval.',
      route:
        'This VirtualService route has no timeout: Istio waits for the upstream indefinitely. Set timeout (e.g. 5s).',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      data(doc) {
        const root = doc.value
        const rootHasTimeout = isRecord(root) && hasKey(root, CALL_TIMEOUT)
        for (const b of breakersOf(root)) {
          if (hasKey(b.object, CALL_TIMEOUT) || hasKey(b.parent, CALL_TIMEOUT)) continue
          const open = keyOf(b.object, OPEN_DURATION)
          ctx.report({
            messageId: 'breaker',
            loc: doc.locate(b.path, true),
            data: {
              openNote: open
                ? ` (${open} is how long it stays open once tripped, not how long a call may take)`
                : '',
            },
          })
        }
        for (const { object, path } of walkOpossum(root))
          if (object.timeout === false)
            ctx.report({ messageId: 'disabled', loc: doc.locate([...path, 'timeout'], true) })
        for (const s of serviceTargetsOf(root)) {
          if (hasKey(s.object, CALL_TIMEOUT) || hasKey(s.parent, CALL_TIMEOUT) || rootHasTimeout) continue
          const url = String(s.object.url ?? s.object.endpoint ?? s.object.base_url ?? s.object.baseUrl)
          ctx.report({
            messageId: 'service',
            loc: doc.locate(s.path),
            data: { name: String(s.object.name ?? `service ${Number(s.path.at(-1)) + 1}`), url },
          })
        }
        if (
          isRecord(root) &&
          root.kind === 'VirtualService' &&
          isRecord(root.spec) &&
          Array.isArray(root.spec.http)
        )
          root.spec.http.forEach((route, index) => {
            if (isRecord(route) && route.timeout === undefined)
              ctx.report({ messageId: 'route', loc: doc.locate(['spec', 'http', index]) })
          })
      },
    }
  },
})

/** opossum option objects: they have its distinctive keys. */
function* walkOpossum(
  value: unknown,
  path: (string | number)[] = [],
): Generator<{ object: Record<string, unknown>; path: (string | number)[] }> {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* walkOpossum(value[i], [...path, i])
  if (!isRecord(value)) return
  if ('errorThresholdPercentage' in value || 'resetTimeout' in value || 'rollingCountTimeout' in value)
    yield { object: value, path }
  for (const [key, child] of Object.entries(value)) yield* walkOpossum(child, [...path, key])
}
