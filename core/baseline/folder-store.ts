import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PerfgateError } from '../model/errors.js'
import type { Logger, RunReport } from '../model/types.js'
import { maxRecordBytes } from './errors.js'
import { checkKeep, listRecords } from './listing.js'
import { lookupInRepo, type RecordSource } from './lookup.js'
import { findRepoRoot, isFullSha, remoteUrl, resolveCommit } from './project.js'
import {
  checkReportsToSave,
  decodeRecord,
  groupByCommit,
  newestCreatedAt,
  recordTooLarge,
  serializeRecord,
  toEntry,
} from './records.js'
import type { BaselineEntry, BaselineLookup, BaselineStore, ListedRecord, LookupOptions } from './types.js'

export interface FolderStoreOptions {
  /** Absolute. */
  dir: string
  remote: string
  base: string | null
  cwd: string
  logger: Logger
  /** Records larger than this are skipped; default PERFGATE_MAX_RECORD_BYTES, else 64 MiB. */
  maxRecordBytes?: number
}

/** Records as files in a local folder, same layout as the git branch; for offline use and tests. */
export class FolderBaselineStore implements BaselineStore {
  readonly kind = 'folder' as const

  constructor(private readonly options: FolderStoreOptions) {}

  describe(): string {
    return `folder ${this.options.dir}`
  }

  /** Record paths (relative to the folder) by commit. */
  private async files(): Promise<Map<string, string[]>> {
    const runs = join(this.options.dir, 'runs')
    const paths: string[] = []
    const prefixes = await readdir(runs).catch(() => [] as string[])
    for (const prefix of prefixes) {
      const names = await readdir(join(runs, prefix)).catch(() => [] as string[])
      for (const name of names) paths.push(`runs/${prefix}/${name}`)
    }
    return groupByCommit(paths)
  }

  private async readEntries(
    wanted: Array<{ commit: string; paths: string[] }>,
  ): Promise<Map<string, BaselineEntry | null>> {
    const entries = new Map<string, BaselineEntry | null>()
    for (const { commit, paths } of wanted) {
      const decoded: Array<{ path: string; report: RunReport | null }> = []
      for (const path of paths) {
        const file = join(this.options.dir, path)
        const cap = this.options.maxRecordBytes ?? maxRecordBytes()
        const size = await stat(file).then(
          (s) => s.size,
          () => null,
        )
        if (size !== null && size > cap) {
          this.options.logger.warn(recordTooLarge(file, size, cap))
          decoded.push({ path, report: null })
          continue
        }
        const text = size === null ? null : await readFile(file).catch(() => null)
        if (text === null) this.options.logger.warn(`ignoring baseline record ${file}: it cannot be read`)
        decoded.push({
          path,
          report: text === null ? null : decodeRecord(text, file, this.options.logger, path),
        })
      }
      entries.set(commit, toEntry(commit, decoded))
    }
    return entries
  }

  async save(input: RunReport | RunReport[]): Promise<{ paths: string[] }> {
    const items = checkReportsToSave(input)
    for (const { path, report } of items) {
      const file = join(this.options.dir, path)
      await mkdir(dirname(file), { recursive: true })
      // Write then rename, so a reader never sees half a record.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
      await writeFile(temporary, serializeRecord(report))
      await rename(temporary, file)
    }
    return { paths: items.map((item) => item.path) }
  }

  async read(ref: string): Promise<BaselineEntry | null> {
    const root = await findRepoRoot(this.options.cwd)
    const commit = (root ? await resolveCommit(root, ref) : null) ?? (isFullSha(ref) ? ref : null)
    if (!commit) {
      // The user's argument names nothing: a usage error (exit 2), as a missing record is.
      throw new PerfgateError(
        'USAGE',
        `"${ref}" is not a commit${root ? ` in ${root}` : ' (no git repository here)'}`,
        {
          hint: 'Pass a branch, tag or full commit sha; `perfgate baseline list` shows the stored records.',
        },
      )
    }
    const paths = (await this.files()).get(commit)
    if (!paths) return null
    return (await this.readEntries([{ commit, paths }])).get(commit) ?? null
  }

  async list(): Promise<ListedRecord[]> {
    const groups = await this.files()
    return listRecords(groups, await findRepoRoot(this.options.cwd), async (commits) => {
      const entries = await this.readEntries(
        commits.map((commit) => ({ commit, paths: groups.get(commit)! })),
      )
      return new Map(commits.map((commit) => [commit, newestCreatedAt(entries.get(commit)?.reports ?? [])]))
    })
  }

  async prune(keep: number): Promise<{ kept: number; removed: number }> {
    checkKeep(keep)
    const listed = await this.list()
    const removing = listed.slice(keep)
    for (const record of removing) {
      for (const path of record.paths) {
        const file = join(this.options.dir, path)
        await rm(file, { force: true })
        await rmdir(dirname(file)).catch(() => {}) // only succeeds once the prefix folder is empty
      }
    }
    return { kept: listed.length - removing.length, removed: removing.length }
  }

  async lookup(options: LookupOptions = {}): Promise<BaselineLookup> {
    const started = performance.now()
    const { cwd, remote, logger } = this.options
    const root = await findRepoRoot(cwd)
    if (!root) return this.newestWithoutGit(options)
    const source: RecordSource = {
      describe: () => this.describe(),
      index: async () => ({ records: await this.files() }),
      read: (wanted) => this.readEntries(wanted),
    }
    const hasRemote = (await remoteUrl(root, remote)) !== null
    const result = await lookupInRepo(
      { root, remote, hasRemote, configuredBase: this.options.base, logger },
      source,
      options,
    )
    result.stats = { fetchedBytes: 0, fetches: 0, durationMs: Math.round(performance.now() - started) }
    return result
  }

  /** Outside a git repository there is no ancestry: the newest record is the baseline. */
  private async newestWithoutGit(options: LookupOptions): Promise<BaselineLookup> {
    const history = Math.max(0, options.history ?? 10)
    const listed = await this.list()
    const entries: BaselineEntry[] = []
    for (const record of listed) {
      if (entries.length > history) break
      const entry = (await this.readEntries([record])).get(record.commit)
      if (entry) entries.push(entry)
    }
    const [baseline = null, ...older] = entries
    return {
      baseline,
      history: older,
      base: options.base ?? this.options.base ?? '',
      mergeBase: null,
      ...(baseline
        ? {}
        : { reason: `no baseline records yet in ${this.describe()} (and no git repository to follow)` }),
    }
  }
}
