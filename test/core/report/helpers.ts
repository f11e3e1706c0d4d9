import { readFileSync } from 'node:fs'
import type { RunReport } from '../../../core/model/types.js'
import { parseReport } from '../../../core/model/validate.js'

/** A fixture report, checked against the report.json schema, with its version-dependent parts normalised. */
export function loadFixture(name: string): RunReport {
  const path = new URL(`./fixtures/${name}/report.json`, import.meta.url)
  const parsed = parseReport(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.ok) throw new Error(`fixture ${name} is not a valid report: ${parsed.reason}`)
  return { ...parsed.report, tool: { ...parsed.report.tool, version: '0.0.0-test' } }
}
