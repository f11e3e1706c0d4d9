import type { PluginOutput, RunReport } from '../model/types.js'
import { activeRedactor, type Redactor } from './redact.js'

/**
 * Redaction of the data plugins produce. Only what came from plugins is walked (plugin results, metrics,
 * findings, artifacts); the envelope perfgate writes itself (tool, commit, host) is kept as it is, so a
 * secret that happens to equal `perfgate` cannot corrupt a report.
 */

/** A plugin's raw output (before validation) with every string in it redacted. */
export function redactPluginOutput<T = PluginOutput>(output: T, redactor: Redactor = activeRedactor()): T {
  return redactor.redactDeep(output)
}

/** A report with every plugin-provided string redacted; the same object when nothing needed it. */
export function redactReport<T extends Pick<RunReport, 'plugins' | 'metrics' | 'findings' | 'artifacts'>>(
  report: T,
  redactor: Redactor = activeRedactor(),
): T {
  if (redactor.size === 0) return report
  const plugins = redactor.redactDeep(report.plugins)
  const metrics = redactor.redactDeep(report.metrics)
  const findings = redactor.redactDeep(report.findings)
  const artifacts = redactor.redactDeep(report.artifacts)
  if (
    plugins === report.plugins &&
    metrics === report.metrics &&
    findings === report.findings &&
    artifacts === report.artifacts
  )
    return report
  return { ...report, plugins, metrics, findings, artifacts }
}

/** An error safe to keep and print: message and stack redacted; the cause chain is dropped (it may hold headers). */
export function redactError(error: unknown, redactor: Redactor = activeRedactor()): Error {
  const message = error instanceof Error ? error.message : String(error)
  const clean = new Error(redactor.redact(message))
  if (error instanceof Error) {
    clean.name = redactor.redact(error.name)
    clean.stack = error.stack ? redactor.redact(error.stack) : undefined
  }
  return clean
}
