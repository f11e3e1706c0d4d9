import type { RunReport } from '../model/types.js'

/** report.json: the report as-is, two-space indented, with a final newline (stable, diff-friendly). */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
