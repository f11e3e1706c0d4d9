import { type DataDocument, isRecord, walkObjects } from '../parse/data.js'
import type { RuleReport } from '../rule.js'
import { durationMs } from './resilience-deadline-budget.js'
import { keyOf } from './resilience-shapes.js'

const CONSECUTIVE =
  /^(consecutive_?5xx|consecutive5xxErrors|consecutive_?gateway_?failure|consecutiveGatewayErrors|consecutive_?errors|consecutiveErrors)$/i
const BASE_EJECTION = /^(base_?ejection_?time|baseEjectionTime)$/i
const MAX_EJECTION = /^(max_?ejection_?percent|maxEjectionPercent)$/i
const INTERVAL = /^interval$/i

/** Envoy's protobuf wrappers in YAML/JSON: `{ value: 1 }` as well as `1`. */
const scalar = (value: unknown): unknown => (isRecord(value) && 'value' in value ? value.value : value)

/**
 * Envoy cluster `outlier_detection` and Istio DestinationRule `trafficPolicy.outlierDetection`, by
 * Envoy's documented defaults (5 consecutive 5xx, 10 s interval, 30 s base ejection, 10 % max ejected)
 * and its panic threshold (50 % in Envoy; Istio's minHealthPercent, 0 by default, turns it off).
 */
export function checkOutlierDetection(
  doc: DataDocument,
  options: { minEjection: string; maxInterval: string },
  report: (report: RuleReport) => void,
): void {
  const root = doc.value
  const istio = isRecord(root) && root.kind === 'DestinationRule'
  for (const { object, path } of walkObjects(root)) {
    const key = keyOf(object, /^(outlier_?detection|outlierDetection)$/)
    const od = key ? object[key] : undefined
    if (!key || !isRecord(od)) continue
    const at = (k: string) => doc.locate([...path, key, k])
    for (const k of Object.keys(od).filter((k) => CONSECUTIVE.test(k)))
      if (Number(scalar(od[k])) === 1)
        report({ messageId: 'ejectOnFirstError', loc: at(k), data: { key: k } })
    const baseKey = keyOf(od, BASE_EJECTION)
    const base = baseKey ? durationMs(scalar(od[baseKey]), baseKey) : undefined
    const min = durationMs(options.minEjection, 'minEjection') ?? 0
    if (baseKey && base !== undefined && base < min)
      report({
        messageId: 'shortEjection',
        loc: at(baseKey),
        data: { key: baseKey, value: String(scalar(od[baseKey])), min: options.minEjection },
      })
    const intervalKey = keyOf(od, INTERVAL)
    const interval = intervalKey ? durationMs(scalar(od[intervalKey]), intervalKey) : undefined
    const maxInterval = durationMs(options.maxInterval, 'maxInterval') ?? Number.POSITIVE_INFINITY
    if (intervalKey && interval !== undefined && interval > maxInterval)
      report({
        messageId: 'longInterval',
        loc: at(intervalKey),
        data: {
          key: intervalKey,
          value: String(scalar(od[intervalKey])),
          base: baseKey ? String(scalar(od[baseKey])) : '30s (default)',
        },
      })
    const maxKey = keyOf(od, MAX_EJECTION)
    if (maxKey && Number(scalar(od[maxKey])) >= 100) {
      // Envoy sends traffic to every host below its panic threshold (50 %) unless it is set to 0;
      // Istio's minHealthPercent is that threshold, and 0 (off) by default.
      const panicOff = istio
        ? !(Number(od.minHealthPercent) > 0)
        : isRecord(object.common_lb_config) &&
          Number(scalar(object.common_lb_config.healthy_panic_threshold)) === 0
      if (panicOff)
        report({
          messageId: 'ejectAll',
          loc: at(maxKey),
          data: {
            key: maxKey,
            panic: istio ? 'minHealthPercent is 0 (the default)' : 'healthy_panic_threshold is 0',
          },
        })
    }
  }
}
