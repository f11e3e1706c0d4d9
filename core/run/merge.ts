import { summarize } from '../compare/summary.js'
import type { FailOn } from '../config/types.js'
import { PerfgateError } from '../model/errors.js'
import type { RunReport } from '../model/types.js'

/**
 * Joins the shard reports of one commit into one report. Metrics keep their verdicts; the summary is
 * recomputed. Reports must share a commit and must not repeat a shard.
 */
export function mergeReports(
  reports: RunReport[],
  failOn: FailOn = 'regression',
  sources?: string[],
): RunReport {
  if (reports.length === 0) throw new PerfgateError('USAGE', 'Nothing to merge: give at least one report.')
  const name = (i: number) => sources?.[i] ?? `report ${i + 1}`
  const commits = new Set(reports.map((r) => r.commit))
  if (commits.size > 1)
    throw new PerfgateError(
      'INPUT_INVALID',
      `Cannot merge reports of different commits: ${reports.map((r, i) => `${name(i)} is ${r.commit ?? 'unknown'}`).join(', ')}.`,
      { hint: 'Merge only the shards of one run (same commit).' },
    )
  const totals = new Set(reports.flatMap((r) => (r.shard ? [r.shard.total] : [])))
  if (totals.size > 1)
    throw new PerfgateError(
      'INPUT_INVALID',
      `Cannot merge shards of different splits: ${reports.map((r, i) => `${name(i)} is ${r.shard ? `${r.shard.index}/${r.shard.total}` : 'not a shard'}`).join(', ')}.`,
      { hint: 'Merge the reports of one `--shard I/N` run, all with the same N.' },
    )
  const seen = new Map<number, number>()
  reports.forEach((r, i) => {
    if (!r.shard) return
    const previous = seen.get(r.shard.index)
    if (previous !== undefined)
      throw new PerfgateError(
        'INPUT_INVALID',
        `Duplicate shard ${r.shard.index}/${r.shard.total}: ${name(previous)} and ${name(i)}.`,
        { hint: 'Give each shard’s report once.' },
      )
    seen.set(r.shard.index, i)
  })
  if (reports.length === 1) {
    const { shard: _, ...single } = reports[0]
    return { ...single, summary: summarize(single, failOn) }
  }
  const first = reports[0]
  const ids = new Set<string>()
  const metrics = reports.flatMap((r) => r.metrics).filter((m) => !ids.has(m.id) && ids.add(m.id))
  const plugins = new Map<string, RunReport['plugins']>()
  for (const p of reports.flatMap((r) => r.plugins)) plugins.set(p.name, [...(plugins.get(p.name) ?? []), p])
  const pluginResults = [...plugins.entries()].map(([pluginName, runs]) => {
    // A plugin split over shards failed if any shard's part failed; it ran if any shard ran it.
    const failed = runs.find((p) => p.status === 'failed')
    const status = failed ? 'failed' : runs.some((p) => p.status === 'ok') ? 'ok' : 'skipped'
    const durationMs = runs.reduce((sum, p) => sum + p.durationMs, 0)
    return {
      name: pluginName,
      status,
      durationMs,
      ...(failed?.error ? { error: failed.error } : {}),
    } as const
  })
  const merged: Omit<RunReport, 'summary'> = {
    ...first,
    createdAt:
      reports
        .map((r) => r.createdAt)
        .sort()
        .at(-1) ?? first.createdAt,
    plugins: pluginResults,
    metrics,
    findings: reports.flatMap((r) => r.findings),
    artifacts: reports.flatMap((r) => r.artifacts),
  }
  delete (merged as Partial<RunReport>).shard
  return { ...merged, summary: summarize(merged, failOn) }
}

/**
 * The shards of an N-way split that no report covers, e.g. `[2]` for 1/3 and 3/3: merging without them
 * silently drops their plugins' work, so `perfgate merge` warns.
 */
export function missingShards(reports: RunReport[]): { missing: number[]; total: number } | null {
  const total = reports.find((r) => r.shard)?.shard?.total
  if (!total) return null
  const present = new Set(reports.flatMap((r) => (r.shard ? [r.shard.index] : [])))
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.has(i))
  return missing.length > 0 ? { missing, total } : null
}
