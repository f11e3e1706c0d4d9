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
 * move from run to run ("Est savings of 150 ms"). `sameJob`: the base measured in this job (A/B); its
 * warnings and notes count too. An audit near its threshold (Lighthouse's main-thread work at 2 s) passes
 * in one run and fails in the next: with one stored run to go by, it would read as new half the time.
 */
export function markKnownFindings(
  current: Finding[],
  baseline: RunReport | null,
  sameJob: readonly Finding[] = [],
): Finding[] {
  if (!baseline && sameJob.length === 0) return current
  // Not the base side's errors: those are reported as base-side warnings of their own (baseSideFindings),
  // and the head's errors are judged against the stored baseline only.
  const sameJobNotes = sameJob.filter((f) => f.severity !== 'error')
  const before = new Set([...(baseline?.findings ?? []), ...sameJobNotes].map(key))
  return current.map((finding) => {
    const { known: _, ...rest } = finding
    return before.has(key(finding)) ? { ...rest, known: true } : rest
  })
}
