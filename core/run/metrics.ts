import { isAbsolute, relative } from 'node:path'
import { median } from 'simple-statistics'
import type { Artifact, Finding, Metric, PluginMeta, PluginOutput } from '../model/types.js'

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
    return metric
  })
  const findings = (output.findings ?? []).map((f): Finding => {
    const docs = f.docs ?? meta?.rules?.[f.ruleId]?.docs
    return docs ? { plugin, ...f, docs } : { plugin, ...f }
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
