import { PerfgateError } from '../model/errors.js'
import type { Logger, RunReport } from '../model/types.js'
import { parseReport } from '../model/validate.js'
import { redactReport } from '../security/report.js'
import { isFullSha } from './project.js'
import { distrustedRecord, recordProblems } from './record-checks.js'
import type { BaselineEntry } from './types.js'

/** Record layout shared by the git and folder stores: `runs/<sha[0..1]>/<sha>[.shard-<i>-of-<n>].json`. */

const RECORD_PATH = /^runs\/([0-9a-f]{2})\/([0-9a-f]{40}|[0-9a-f]{64})(?:\.shard-(\d+)-of-(\d+))?\.json$/

export interface RecordFile {
  path: string
  commit: string
  shard?: { index: number; total: number }
}

export function recordPath(report: Pick<RunReport, 'commit' | 'shard'>): string {
  const commit = report.commit
  if (!commit) throw new PerfgateError('BASELINE', 'cannot save a baseline for a report without a commit')
  const shard =
    report.shard && report.shard.total > 1 ? `.shard-${report.shard.index}-of-${report.shard.total}` : ''
  return `runs/${commit.slice(0, 2)}/${commit}${shard}.json`
}

/** The record a tree path holds, or null for any other file on the branch. */
export function parseRecordPath(path: string): RecordFile | null {
  const match = RECORD_PATH.exec(path)
  if (!match?.[2].startsWith(match[1])) return null
  const record: RecordFile = { path, commit: match[2] }
  if (match[3]) record.shard = { index: Number(match[3]), total: Number(match[4]) }
  return record
}

/** Record paths grouped by the commit they measure, paths sorted so shards come in order. */
export function groupByCommit(paths: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const path of paths) {
    const record = parseRecordPath(path)
    if (!record) continue
    const list = groups.get(record.commit) ?? []
    list.push(path)
    groups.set(record.commit, list)
  }
  for (const list of groups.values()) list.sort(byShard)
  return groups
}

function byShard(a: string, b: string): number {
  return (
    (parseRecordPath(a)?.shard?.index ?? 0) - (parseRecordPath(b)?.shard?.index ?? 0) || a.localeCompare(b)
  )
}

/** Checks reports before they are stored: valid, with a full commit sha. */
export function checkReportsToSave(
  input: RunReport | RunReport[],
): Array<{ report: RunReport; path: string }> {
  const reports = Array.isArray(input) ? input : [input]
  if (reports.length === 0) throw new PerfgateError('BASELINE', 'no report to save as a baseline')
  const byPath = new Map<string, RunReport>()
  for (const report of reports) {
    const parsed = parseReport(report)
    if (!parsed.ok) {
      throw new PerfgateError(
        'BASELINE',
        `cannot save the baseline: the report is not a valid report.json (${parsed.reason})`,
      )
    }
    if (!report.commit) {
      throw new PerfgateError(
        'BASELINE',
        'cannot save the baseline: the report has no commit (commit: null)',
        {
          hint: 'A baseline is stored per git commit: run perfgate inside a git repository with at least one commit.',
        },
      )
    }
    if (!isFullSha(report.commit)) {
      throw new PerfgateError(
        'BASELINE',
        `cannot save the baseline: "${report.commit}" is not a full commit sha`,
      )
    }
    // A record the lookup would distrust is refused now, loudly, rather than stored and skipped later.
    const problems = recordProblems(report, null)
    if (problems.length > 0) {
      throw new PerfgateError(
        'BASELINE',
        `cannot save the baseline: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`,
        {
          hint: 'A lookup would ignore such a record (docs/baselines.md, "Records are checked, not trusted"): fix the plugin that reported the value, then save again.',
        },
      )
    }
    byPath.set(recordPath(report), report)
  }
  return [...byPath].map(([path, report]) => ({ path, report }))
}

/**
 * A record as stored: redacted first (known secrets become `***`), since whatever reaches the baselines
 * branch stays in the remote's history for good.
 */
export function serializeRecord(report: RunReport): string {
  return `${JSON.stringify(redactReport(report), null, 2)}\n`
}

export function recordTooLarge(where: string, size: number, cap: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
  return `ignoring baseline record ${where}: ${mb(size)} is over the ${mb(cap)} limit (PERFGATE_MAX_RECORD_BYTES); trying the next ancestor`
}

/**
 * A stored record as a report; a corrupt, unknown, oversized or distrusted one (./record-checks.ts: its
 * path's commit, unique ids, values in range) is one warning and null, never a crash. `path` is the
 * record's path on the branch, whose commit the record must measure.
 */
export function decodeRecord(
  content: string | Buffer,
  where: string,
  logger: Logger,
  path?: string,
): RunReport | null {
  let data: unknown
  try {
    // A Buffer past V8's string limit throws here, and is caught like any corrupt record.
    const text = typeof content === 'string' ? content : content.toString('utf8')
    data = JSON.parse(text)
  } catch (error) {
    logger.warn(`ignoring baseline record ${where}: invalid JSON (${(error as Error).message})`)
    return null
  }
  const parsed = parseReport(data)
  if (!parsed.ok) {
    logger.warn(`ignoring baseline record ${where}: ${parsed.reason}`)
    return null
  }
  const pathCommit = path === undefined ? null : (parseRecordPath(path)?.commit ?? null)
  const problems = recordProblems(parsed.report, pathCommit)
  if (problems.length > 0) {
    logger.warn(distrustedRecord(where, problems))
    return null
  }
  return parsed.report
}

/** The entry of one commit from its decoded shard reports; null when none is usable. */
export function toEntry(
  commit: string,
  decoded: Array<{ path: string; report: RunReport | null }>,
): BaselineEntry | null {
  const usable = decoded.filter((item): item is { path: string; report: RunReport } => item.report !== null)
  if (usable.length === 0) return null
  return { commit, reports: usable.map((item) => item.report), paths: usable.map((item) => item.path) }
}

/** The newest createdAt among a commit's reports. */
export function newestCreatedAt(reports: RunReport[]): string | null {
  let newest: string | null = null
  for (const report of reports) {
    const time = Date.parse(report.createdAt)
    if (Number.isNaN(time)) continue
    const iso = new Date(time).toISOString()
    if (!newest || iso > newest) newest = iso
  }
  return newest
}
