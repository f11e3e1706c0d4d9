import { PerfgateError } from '../model/errors.js'
import { commitDates } from './project.js'
import type { ListedRecord } from './types.js'

/**
 * Records newest first. A record's date is its commit's committer date when the project repo has
 * that commit (free to read), else the record's own createdAt (which costs reading the record).
 */
export async function listRecords(
  groups: Map<string, string[]>,
  root: string | null,
  readCreatedAt: (commits: string[]) => Promise<Map<string, string | null>>,
): Promise<ListedRecord[]> {
  const commits = [...groups.keys()]
  const dates = await commitDates(root, commits)
  const unknown = commits.filter((commit) => !dates.has(commit))
  const created = unknown.length > 0 ? await readCreatedAt(unknown) : new Map<string, string | null>()
  const listed = commits.map((commit) => ({
    commit,
    paths: groups.get(commit)!,
    createdAt: dates.get(commit) ?? created.get(commit) ?? null,
  }))
  return listed.sort(newestFirst)
}

function newestFirst(a: ListedRecord, b: ListedRecord): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return 1
    if (b.createdAt === null) return -1
    return a.createdAt < b.createdAt ? 1 : -1
  }
  return a.commit.localeCompare(b.commit)
}

export function checkKeep(keep: number): void {
  if (!Number.isInteger(keep) || keep < 0) {
    throw new PerfgateError(
      'USAGE',
      `prune --keep must be a whole number of records, 0 or more (got ${keep})`,
    )
  }
}
