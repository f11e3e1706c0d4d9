import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage, PerfgateError } from '../model/errors.js'
import { isNetworkTimeout } from '../model/network-timeout.js'
import type { Logger, RunReport } from '../model/types.js'
import { maxRecordBytes } from './errors.js'
import { redactUrls } from './git.js'
import { checkKeep, listRecords } from './listing.js'
import { failed, type LookupContext, lookupInRepo, type RecordSource, settle } from './lookup.js'
import {
  findRepoRoot,
  identityEnv,
  isFullSha,
  remoteUrl,
  resolveCommit,
  transportConfigEnv,
} from './project.js'
import {
  checkReportsToSave,
  decodeRecord,
  groupByCommit,
  newestCreatedAt,
  parseRecordPath,
  recordTooLarge,
  serializeRecord,
  toEntry,
} from './records.js'
import { ScratchRepo, type TreeEntry } from './scratch.js'
import type { BaselineEntry, BaselineLookup, BaselineStore, ListedRecord, LookupOptions } from './types.js'

export interface GitStoreOptions {
  branch: string
  remote: string
  base: string | null
  cwd: string
  logger: Logger
  /** Records larger than this are skipped; default PERFGATE_MAX_RECORD_BYTES, else 64 MiB. */
  maxRecordBytes?: number
}

interface Project {
  root: string
  url: string
  pushUrl: string
}

const MAX_ATTEMPTS = 10

/** Jittered exponential backoff: 50 ms, 100 ms, … capped at 2 s, each ×0.5–1.5. */
function backoff(attempt: number): number {
  return Math.min(2000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random())
}

type Attempt<T> = { done: T } | { retry: string }

export class GitBaselineStore implements BaselineStore {
  readonly kind = 'git' as const

  constructor(private readonly options: GitStoreOptions) {}

  describe(): string {
    return `git branch ${this.options.branch} on ${this.options.remote}`
  }

  private async project(): Promise<Project> {
    const { cwd, remote } = this.options
    const root = await findRepoRoot(cwd)
    if (!root) {
      throw new PerfgateError('BASELINE', `not a git repository: ${cwd}`, {
        hint: "Run perfgate inside the project's git repository, or use baseline: { store: 'folder' }.",
      })
    }
    const url = await remoteUrl(root, remote)
    if (!url) {
      throw new PerfgateError('BASELINE', `no git remote "${remote}" in ${root}`, {
        hint: `Baselines live on a branch of the project's remote: add it (git remote add ${remote} URL), set baseline.remote, or use baseline: { store: 'folder' }.`,
      })
    }
    return { root, url, pushUrl: (await remoteUrl(root, remote, true)) ?? url }
  }

  private async withScratch<T>(project: Project, work: (repo: ScratchRepo) => Promise<T>): Promise<T> {
    const env = { ...(await transportConfigEnv(project.root)), ...(await identityEnv(project.root)) }
    const repo = await ScratchRepo.open(project.url, env, this.options.logger, {
      pushUrl: project.pushUrl,
      remote: this.options.remote,
    })
    try {
      return await work(repo)
    } finally {
      await repo.dispose()
    }
  }

  /** Runs `attempt` until it is done, backing off while concurrent writers move the branch. */
  private async retrying<T>(what: string, attempt: () => Promise<Attempt<T>>): Promise<T> {
    let last = ''
    for (let n = 0; n < MAX_ATTEMPTS; n++) {
      if (n > 0) await sleep(backoff(n))
      const outcome = await attempt()
      if ('done' in outcome) return outcome.done
      last = outcome.retry
      this.options.logger.debug(`${what}: push rejected (${last}); retrying on the new tip`)
    }
    throw new PerfgateError(
      'BASELINE',
      `could not ${what} on ${this.describe()} after ${MAX_ATTEMPTS} attempts: the branch kept moving (${last})`,
      { hint: 'Many jobs are writing baselines at once; run the command again.' },
    )
  }

  private refused(project: Project, reason: string): PerfgateError {
    const { branch, remote } = this.options
    return new PerfgateError(
      'BASELINE',
      redactUrls(`git push to branch ${branch} of ${remote} (${project.url}) was refused: ${reason}`),
      {
        hint:
          `perfgate needs permission to push to ${branch}. On GitHub Actions give the job \`permissions: contents: write\` ` +
          "(and keep actions/checkout's persist-credentials); check branch protection rules and server hooks for that branch.",
      },
    )
  }

  async save(input: RunReport | RunReport[]): Promise<{ paths: string[]; storeCommit?: string }> {
    const items = checkReportsToSave(input)
    const paths = items.map((item) => item.path)
    const commits = [...new Set(items.map((item) => item.report.commit!.slice(0, 12)))]
    const message = `perfgate: record ${commits.join(', ')}${items.length > 1 ? ` (${items.length} files)` : ''}`
    const written = await this.commitFiles(
      items.map((item) => ({ path: item.path, content: serializeRecord(item.report) })),
      message,
      'save the baseline',
    )
    return { paths, storeCommit: written.commit }
  }

  /**
   * Commits files onto the branch, on top of whatever else it holds (others' files are kept; ours
   * replaced), and pushes with the same retry as records: the history dashboard's pages publishing.
   */
  async writeFiles(
    files: Array<{ path: string; content: string }>,
    message: string,
  ): Promise<{ commit?: string; changed: boolean }> {
    return this.commitFiles(files, message, `write ${files.map((f) => f.path).join(', ')}`)
  }

  private async commitFiles(
    files: Array<{ path: string; content: string }>,
    message: string,
    what: string,
  ): Promise<{ commit?: string; changed: boolean }> {
    const project = await this.project()
    return this.withScratch(project, async (repo) => {
      const entries: TreeEntry[] = []
      for (const file of files)
        entries.push({ mode: '100644', oid: await repo.writeBlob(file.content), path: file.path })
      return this.retrying<{ commit?: string; changed: boolean }>(what, async () => {
        // Each attempt starts from the current tip; our own paths are added on top of whatever others wrote.
        const tip = await repo.fetchTip(this.options.branch)
        const tree = await repo.writeTree(tip, entries)
        if (tip && tree === (await repo.treeOf(tip))) return { done: { commit: tip, changed: false } }
        const commit = await repo.commitTree(tree, tip, message)
        const pushed = await repo.push(commit, this.options.branch)
        if (pushed.ok) return { done: { commit, changed: true } }
        if (pushed.retry) return { retry: pushed.reason }
        throw this.refused(project, pushed.reason)
      })
    })
  }

  private async readEntries(
    repo: ScratchRepo,
    oids: Map<string, string>,
    wanted: Array<{ commit: string; paths: string[] }>,
  ): Promise<Map<string, BaselineEntry | null>> {
    const cap = this.options.maxRecordBytes ?? maxRecordBytes()
    const { blobs, tooLarge } = await repo.readBlobs(
      wanted.flatMap((item) => item.paths.map((path) => oids.get(path)!)),
      cap,
    )
    const entries = new Map<string, BaselineEntry | null>()
    for (const { commit, paths } of wanted) {
      const decoded = paths.map((path) => {
        const where = `${path} (branch ${this.options.branch} on ${this.options.remote})`
        const oid = oids.get(path)!
        const size = tooLarge.get(oid)
        if (size !== undefined) {
          this.options.logger.warn(recordTooLarge(where, size, cap))
          return { path, report: null }
        }
        const blob = blobs.get(oid)
        if (!blob)
          this.options.logger.warn(`ignoring baseline record ${where}: its content could not be fetched`)
        return { path, report: blob ? decodeRecord(blob, where, this.options.logger, path) : null }
      })
      entries.set(commit, toEntry(commit, decoded))
    }
    return entries
  }

  async read(ref: string): Promise<BaselineEntry | null> {
    const project = await this.project()
    const commit = (await resolveCommit(project.root, ref)) ?? (isFullSha(ref) ? ref : null)
    if (!commit) {
      // The user's argument names nothing: a usage error (exit 2), as a missing record is.
      throw new PerfgateError('USAGE', `"${ref}" is not a commit in ${project.root}`, {
        hint: 'Pass a branch, tag or commit sha of this repository; `perfgate baseline list` shows the stored records.',
      })
    }
    return this.withScratch(project, async (repo) => {
      const tip = await repo.fetchTip(this.options.branch)
      if (!tip) return null
      const tree = await repo.listTree(tip)
      const paths = groupByCommit(tree.map((entry) => entry.path)).get(commit)
      if (!paths) return null
      const oids = new Map(tree.map((entry) => [entry.path, entry.oid]))
      return (await this.readEntries(repo, oids, [{ commit, paths }])).get(commit) ?? null
    })
  }

  private async listIn(repo: ScratchRepo, root: string, tree: TreeEntry[]): Promise<ListedRecord[]> {
    const oids = new Map(tree.map((entry) => [entry.path, entry.oid]))
    const groups = groupByCommit(tree.map((entry) => entry.path))
    return listRecords(groups, root, async (commits) => {
      const wanted = commits.map((commit) => ({ commit, paths: groups.get(commit)! }))
      const entries = await this.readEntries(repo, oids, wanted)
      return new Map(commits.map((commit) => [commit, newestCreatedAt(entries.get(commit)?.reports ?? [])]))
    })
  }

  async list(): Promise<ListedRecord[]> {
    const project = await this.project()
    return this.withScratch(project, async (repo) => {
      const tip = await repo.fetchTip(this.options.branch)
      if (!tip) return []
      return this.listIn(repo, project.root, await repo.listTree(tip))
    })
  }

  async prune(keep: number): Promise<{ kept: number; removed: number }> {
    checkKeep(keep)
    const project = await this.project()
    const { branch } = this.options
    return this.withScratch(project, (repo) =>
      this.retrying<{ kept: number; removed: number }>('prune the baselines', async () => {
        const tip = await repo.fetchTip(branch)
        if (!tip) return { done: { kept: 0, removed: 0 } }
        const tree = await repo.listTree(tip)
        const listed = await this.listIn(repo, project.root, tree)
        const kept = new Set(listed.slice(0, keep).map((record) => record.commit))
        const removed = listed.length - kept.size
        if (removed === 0) return { done: { kept: kept.size, removed: 0 } }
        // Files that are not records (a README someone added) are kept as they are.
        const entries = tree.filter((entry) => {
          const record = parseRecordPath(entry.path)
          return !record || kept.has(record.commit)
        })
        const commit = await repo.commitTree(
          await repo.writeTree(null, entries),
          null,
          `perfgate: prune to the ${kept.size} newest records (removed ${removed})`,
        )
        // The lease: replace the branch only if it is still the tip we pruned, so a record written
        // meanwhile is never dropped; we start over from the new tip instead.
        const pushed = await repo.push(commit, branch, tip)
        if (pushed.ok) return { done: { kept: kept.size, removed } }
        if (pushed.retry) return { retry: pushed.reason }
        throw this.refused(project, pushed.reason)
      }),
    )
  }

  async lookup(options: LookupOptions = {}): Promise<BaselineLookup> {
    const started = performance.now()
    const { cwd, remote, branch, logger } = this.options
    const requested = options.base ?? this.options.base ?? (process.env.GITHUB_BASE_REF || '')
    const root = await findRepoRoot(cwd)
    if (!root) return settle(failed('failed', `not a git repository: ${cwd}`, { base: requested }), options)
    const url = await remoteUrl(root, remote)
    if (!url)
      return settle(
        failed('failed', `no git remote "${remote}" in ${root}, so no baseline branch to read`, {
          base: requested,
        }),
        options,
      )
    let repo: ScratchRepo | null = null
    let oids = new Map<string, string>()
    const source: RecordSource = {
      describe: () => this.describe(),
      index: async () => {
        const env = { ...(await transportConfigEnv(root)), ...(await identityEnv(root)) }
        repo = await ScratchRepo.open(url, env, logger, { signal: options.signal, remote })
        let tip: string | null
        try {
          tip = await repo.fetchTip(branch)
        } catch (error) {
          logger.debug(errorMessage(error))
          if (options.signal?.aborted)
            return { reason: 'the lookup was interrupted', failure: 'failed' as const }
          // The message names the remote, the operation and the limit; the hint how to raise it.
          if (isNetworkTimeout(error))
            return { reason: error.message, failure: 'unreachable' as const, hint: error.hint }
          return {
            reason: redactUrls(
              `cannot fetch branch ${branch} from ${remote} (${url}); see --debug for git's message`,
            ),
            failure: 'unreachable' as const,
          }
        }
        if (!tip) return { reason: `no baseline records yet: branch ${branch} does not exist on ${remote}` }
        const tree = await repo.listTree(tip)
        oids = new Map(tree.map((entry) => [entry.path, entry.oid]))
        return { records: groupByCommit(oids.keys()) }
      },
      read: (wanted) => this.readEntries(repo!, oids, wanted),
    }
    const context: LookupContext = {
      root,
      remote,
      hasRemote: true,
      configuredBase: this.options.base,
      logger,
    }
    try {
      const result = await lookupInRepo(context, source, options)
      const scratch = repo as ScratchRepo | null
      result.stats = {
        fetchedBytes: scratch?.fetchedBytes ?? 0,
        fetches: scratch?.fetches ?? 0,
        durationMs: Math.round(performance.now() - started),
      }
      return result
    } finally {
      await (repo as ScratchRepo | null)?.dispose()
    }
  }
}
