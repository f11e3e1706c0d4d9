import type { Finding, RunReport } from '../model/types.js'
import { stripContentHash } from '../toolkit/hashed-name.js'

// Content hashes in file names (`index-BcnnhhJu.js`) change with every build; the rest of the name stays.
// One rule for every place that sets hashes aside: the toolkit's, which keeps `my-component.js` whole.
function key(finding: Finding): string {
  return [finding.plugin, finding.ruleId, stripContentHash(finding.file ?? '')].join('\u0000')
}

/**
 * Marks findings the baseline also had (same plugin, rule and file, hashes aside) as `known`: they are
 * not news of this change, so reports collapse them. Messages are not compared: they carry figures that
 * move from run to run ("Est savings of 150 ms").
 */
export function markKnownFindings(current: Finding[], baseline: RunReport | null): Finding[] {
  if (!baseline) return current
  const before = new Set(baseline.findings.map(key))
  return current.map((finding) => {
    const { known: _, ...rest } = finding
    return before.has(key(finding)) ? { ...rest, known: true } : rest
  })
}
