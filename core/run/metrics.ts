import { isAbsolute, relative } from 'node:path'
import { toBreakdown } from '../model/breakdown.js'
import { toStacks } from '../model/stacks.js'
import type { Artifact, Finding, FindingInput, Metric, PluginMeta, PluginOutput } from '../model/types.js'
import { httpLink } from '../security/url.js'
import { median } from '../toolkit/stats.js'

/** Findings kept per plugin; override with PERFGATE_MAX_FINDINGS (a positive integer). */
export const DEFAULT_MAX_FINDINGS = 1000

export function maxFindings(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PERFGATE_MAX_FINDINGS)
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_FINDINGS
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

/**
 * At most `max` of a plugin's findings, the most severe first (in their order within a severity), and
 * one info finding saying how many were dropped: a plugin cannot bury its errors, or the report, under
 * hundreds of thousands of findings.
 */
export function capFindings(plugin: string, findings: readonly FindingInput[], max: number): FindingInput[] {
  if (findings.length <= max) return [...findings]
  const bySeverity: FindingInput[][] = [[], [], []]
  for (const finding of findings) bySeverity[SEVERITY_ORDER[finding.severity] ?? 2]!.push(finding)
  const kept: FindingInput[] = []
  for (const group of bySeverity)
    for (const finding of group) {
      if (kept.length === max) break
      kept.push(finding)
    }
  const dropped = findings.length - kept.length
  kept.push({
    ruleId: 'perfgate/findings-capped',
    severity: 'info',
    message: `${plugin} reported ${findings.length.toLocaleString('en-US')} findings: the ${max.toLocaleString('en-US')} most severe are shown, ${dropped.toLocaleString('en-US')} were dropped.`,
    help: 'Fix the most severe first, or raise the limit with PERFGATE_MAX_FINDINGS.',
  })
  return kept
}

/** A plugin's validated output as report entries: value = median of samples when not given. */
export function toReportEntries(
  plugin: string,
  output: PluginOutput,
  paths: { pluginOutDir: string; outDir: string },
  meta?: PluginMeta,
): { metrics: Metric[]; findings: Finding[]; artifacts: Artifact[] } {
  const metrics = (output.metrics ?? []).map((m): Metric => {
    const metric: Metric = {
      id: m.id,
      plugin,
      title: m.title,
      unit: m.unit,
      better: m.better,
      value: m.value ?? median(m.samples as number[]),
      verdict: 'new',
    }
    if (m.samples) metric.samples = m.samples
    const timing = m.timing ?? m.samples !== undefined
    if (timing) metric.timing = true
    if (m.role && m.role !== 'measure') metric.role = m.role
    if (m.method) metric.method = m.method
    if (m.breakdown) {
      const { parts, omitted } = toBreakdown(m.breakdown)
      metric.breakdown = parts
      if (omitted) metric.breakdownOmitted = omitted
    }
    if (m.stacks) {
      const stacks = toStacks(m.stacks)
      if (stacks.length > 0) metric.stacks = stacks
    }
    return metric
  })
  const findings = capFindings(plugin, output.findings ?? [], maxFindings()).map((f): Finding => {
    // Only an http(s) docs URL is kept: every renderer writes it as a link.
    const { docs: given, ...rest } = f
    const docs = httpLink(given) ?? httpLink(meta?.rules?.[f.ruleId]?.docs)
    return docs ? { plugin, ...rest, docs } : { plugin, ...rest }
  })
  const artifacts = (output.artifacts ?? []).map(
    (a): Artifact => ({
      plugin,
      kind: a.kind,
      // Artifacts are given relative to the plugin's folder; the report keeps them relative to the output folder.
      path: relative(paths.outDir, isAbsolute(a.path) ? a.path : `${paths.pluginOutDir}/${a.path}`),
    }),
  )
  return { metrics, findings, artifacts }
}
