import { randomBytes } from 'node:crypto'
import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../model/types.js'
import { registerTempDir, releaseTempDir } from '../run/children.js'
import { type GitResult, git, gitFailure, runGit } from './git.js'

/**
 * A throw-away bare repository that talks to the project's remote about the baseline branch only.
 * Doing the store's work here, not in the project's repository, is what keeps the user's
 * config, refs and object store exactly as they were: a blob-less fetch would otherwise turn
 * the user's remote into a promisor remote for all later fetches.
 */

export interface TreeEntry {
  mode: string
  oid: string
  path: string
}

export interface ScratchOptions {
  /** Where pushes go when it is not the fetch URL (`remote.<name>.pushurl`). */
  pushUrl?: string
  signal?: AbortSignal
  /** The project's name for the remote, for messages: "origin (URL)". Default: the URL alone. */
  remote?: string
  /** Limit per git command that may talk to the remote; default PERFGATE_NETWORK_TIMEOUT, else 120 s. */
  timeoutMs?: number
}

export type PushOutcome = { ok: true } | { ok: false; retry: boolean; reason: string }

const TIP_REF = 'refs/perfgate/tip'
const RETRYABLE =
  /non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref|failed to lock|incorrect old value|already exists/i

export class ScratchRepo {
  /** Bytes of the packs received so far, i.e. what the remote sent. */
  fetchedBytes = 0
  fetches = 0
  /** True when the remote ignored the blob filter, so every blob of the tip is already here. */
  private blobsComplete = false
  private readonly fetchedBlobs = new Set<string>()

  private constructor(
    readonly dir: string,
    private readonly url: string,
    private readonly env: Record<string, string>,
    private readonly logger: Logger,
    private readonly options: ScratchOptions,
  ) {}

  static async open(
    url: string,
    env: Record<string, string>,
    logger: Logger,
    options: ScratchOptions = {},
  ): Promise<ScratchRepo> {
    const { pushUrl } = options
    const quote = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-store-'))
    // Removed by dispose(); by the exit handler or the watchdog if perfgate is stopped first.
    registerTempDir(dir)
    const repo = new ScratchRepo(dir, url, { ...env, GIT_DIR: dir }, logger, options)
    try {
      await git(['-c', 'init.defaultBranch=main', 'init', '--bare', '--quiet', dir], { cwd: tmpdir() })
      // Written directly: this is our own scratch repository, and one file write beats ten `git config` runs.
      await appendFile(
        join(dir, 'config'),
        [
          '[core]',
          '\trepositoryformatversion = 1',
          '\thooksPath = /dev/null',
          '[extensions]',
          '\tpartialClone = origin',
          '[remote "origin"]',
          `\turl = "${quote(url)}"`,
          ...(pushUrl && pushUrl !== url ? [`\tpushurl = "${quote(pushUrl)}"`] : []),
          '\tpromisor = true',
          '\tpartialCloneFilter = blob:none',
          '[fetch]',
          '\tunpackLimit = 1',
          '\twriteCommitGraph = false',
          '[transfer]',
          '\tunpackLimit = 1',
          '[gc]',
          '\tauto = 0',
          '[maintenance]',
          '\tauto = false',
          '',
        ].join('\n'),
      )
    } catch (error) {
      await repo.dispose()
      throw error
    }
    return repo
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
    releaseTempDir(this.dir)
  }

  /** The remote as messages name it: "origin (URL)", with the push URL for a push. */
  private where(push: boolean): string {
    const url = (push && this.options.pushUrl) || this.url
    return this.options.remote ? `${this.options.remote} (${url})` : url
  }

  /**
   * Every git command here runs under the network timeout, local ones too: in this partial clone, any
   * read of a blob not fetched yet (cat-file, read-tree) is a fetch from the remote.
   */
  private run(
    args: string[],
    input?: string | Buffer,
    extraEnv: Record<string, string> = {},
    operation = `git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? args[0]}, reading from`,
  ): Promise<GitResult> {
    return runGit(args, {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      input,
      signal: this.options.signal,
      network: {
        what: `${operation} ${this.where(args[0] === 'push')}`,
        timeoutMs: this.options.timeoutMs,
      },
    })
  }

  private async ok(
    args: string[],
    input?: string | Buffer,
    extraEnv?: Record<string, string>,
  ): Promise<string> {
    const result = await this.run(args, input, extraEnv)
    if (result.code !== 0) throw gitFailure(args, { cwd: this.dir }, result)
    return result.stdout.toString('utf8').replace(/\n$/, '')
  }

  private async packSizes(): Promise<Map<string, number>> {
    const folder = join(this.dir, 'objects', 'pack')
    const sizes = new Map<string, number>()
    const names = await readdir(folder).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.pack')))
      sizes.set(name, (await stat(join(folder, name))).size)
    return sizes
  }

  /** Runs a fetch and counts the bytes of the packs it brought. */
  private async fetch(
    operation: string,
    args: string[],
    input?: string,
    config: string[] = [],
  ): Promise<GitResult> {
    const before = await this.packSizes()
    const flags = ['--no-tags', '--no-write-fetch-head', '--recurse-submodules=no']
    const result = await this.run([...config, 'fetch', ...flags, ...args], input, {}, operation)
    this.fetches++
    for (const [name, size] of await this.packSizes()) if (!before.has(name)) this.fetchedBytes += size
    return result
  }

  /** Fetches the branch's tip commit and trees, no blobs and no history. Null when the branch does not exist. */
  async fetchTip(branch: string): Promise<string | null> {
    const refspec = `+refs/heads/${branch}:${TIP_REF}`
    const result = await this.fetch(`git fetch of branch ${branch} from`, [
      '--depth=1',
      '--filter=blob:none',
      'origin',
      refspec,
    ])
    if (result.code !== 0) {
      if (/couldn't find remote ref/i.test(result.stderr)) return null
      throw gitFailure(
        ['fetch', '--depth=1', '--filter=blob:none', this.url, refspec],
        { cwd: this.dir },
        result,
      )
    }
    if (/filtering not recognized by server/i.test(result.stderr)) {
      // Servers that refuse filters still honour --depth=1: the tip's blobs came along, once.
      this.logger.debug(
        `${this.url} does not support blob filters; fetched the baseline branch's tip in full`,
      )
      this.blobsComplete = true
    }
    return this.ok(['rev-parse', '--verify', `${TIP_REF}^{commit}`])
  }

  /** Every file of a tree; reads trees only, so no blob is downloaded. */
  async listTree(treeish: string): Promise<TreeEntry[]> {
    const out = await this.ok(['ls-tree', '-r', '-z', '--full-tree', treeish])
    const entries: TreeEntry[] = []
    for (const item of out.split('\0')) {
      if (!item) continue
      const tab = item.indexOf('\t')
      const [mode, type, oid] = item.slice(0, tab).split(' ')
      if (type === 'blob') entries.push({ mode, oid, path: item.slice(tab + 1) })
    }
    return entries
  }

  /**
   * Reads blobs by id. Missing ones are fetched first in ONE request: left to itself, git would
   * fetch them lazily one round-trip per blob. Blobs larger than `maxBytes` are not read (the remote
   * has no way to tell a size before sending, so they are downloaded, but never held in memory):
   * they are returned in `tooLarge` with their size.
   */
  async readBlobs(
    oids: string[],
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<{ blobs: Map<string, Buffer>; tooLarge: Map<string, number> }> {
    const wanted = [...new Set(oids)]
    const missing = this.blobsComplete ? [] : wanted.filter((oid) => !this.fetchedBlobs.has(oid))
    if (missing.length > 0) {
      // noop negotiation: we have nothing the server could build on, so skip the have/ack rounds.
      const result = await this.fetch(
        `git fetch of ${missing.length} baseline record(s) from`,
        ['--filter=blob:none', '--stdin', 'origin'],
        `${missing.join('\n')}\n`,
        ['-c', 'fetch.negotiationAlgorithm=noop'],
      )
      if (result.code === 0) for (const oid of missing) this.fetchedBlobs.add(oid)
      else this.logger.debug(`batch blob fetch failed, git will fetch lazily: ${result.stderr.trim()}`)
    }
    const blobs = new Map<string, Buffer>()
    const tooLarge = new Map<string, number>()
    if (wanted.length === 0) return { blobs, tooLarge }
    const sizes = await this.run(['cat-file', '--batch-check'], `${wanted.join('\n')}\n`)
    if (sizes.code !== 0) throw gitFailure(['cat-file', '--batch-check'], { cwd: this.dir }, sizes)
    const readable = new Set<string>()
    for (const line of sizes.stdout.toString('utf8').split('\n')) {
      const [oid, type, size] = line.split(' ')
      if (!oid || type !== 'blob') continue
      if (Number(size) > maxBytes) tooLarge.set(oid, Number(size))
      else readable.add(oid)
    }
    if (readable.size === 0) return { blobs, tooLarge }
    const result = await this.run(['cat-file', '--batch'], `${[...readable].join('\n')}\n`)
    if (result.code !== 0) throw gitFailure(['cat-file', '--batch'], { cwd: this.dir }, result)
    const out = result.stdout
    let pos = 0
    while (pos < out.length) {
      const end = out.indexOf(0x0a, pos)
      if (end < 0) break
      const [oid, type, size] = out.subarray(pos, end).toString('utf8').split(' ')
      pos = end + 1
      if (type === 'missing' || size === undefined) continue
      const length = Number(size)
      blobs.set(oid, out.subarray(pos, pos + length))
      pos += length + 1
    }
    return { blobs, tooLarge }
  }

  async writeBlob(content: string): Promise<string> {
    return this.ok(['hash-object', '-w', '--stdin'], content)
  }

  /**
   * A tree made of `base` (a commit, or null for an empty tree) plus `entries`, built in a
   * temporary index. `--missing-ok` because the base's blobs were never downloaded.
   */
  async writeTree(base: string | null, entries: TreeEntry[]): Promise<string> {
    const indexFile = join(this.dir, `index-${randomBytes(6).toString('hex')}`)
    const env = { GIT_INDEX_FILE: indexFile }
    try {
      await this.ok(base ? ['read-tree', base] : ['read-tree', '--empty'], undefined, env)
      if (entries.length > 0) {
        const lines = entries.map((entry) => `${entry.mode} ${entry.oid}\t${entry.path}\n`).join('')
        await this.ok(['update-index', '--add', '--index-info'], lines, env)
      }
      return await this.ok(['write-tree', '--missing-ok'], undefined, env)
    } finally {
      await rm(indexFile, { force: true })
    }
  }

  async treeOf(commit: string): Promise<string> {
    return this.ok(['rev-parse', '--verify', `${commit}^{tree}`])
  }

  async commitTree(tree: string, parent: string | null, message: string): Promise<string> {
    return this.ok(['commit-tree', '--no-gpg-sign', tree, ...(parent ? ['-p', parent] : []), '-m', message])
  }

  /**
   * Pushes `commit` to the branch. With `lease`, the push replaces the branch only if it is still
   * at that commit (`null`: only if it does not exist); without, it must be a fast-forward.
   */
  async push(commit: string, branch: string, lease?: string | null): Promise<PushOutcome> {
    const ref = `refs/heads/${branch}`
    const leaseArgs = lease === undefined ? [] : [`--force-with-lease=${ref}:${lease ?? ''}`]
    const result = await this.run(
      ['push', '--porcelain', '--no-verify', ...leaseArgs, 'origin', `${commit}:${ref}`],
      undefined,
      {},
      `git push to branch ${branch} of`,
    )
    if (result.code === 0) return { ok: true }
    const stdout = result.stdout.toString('utf8')
    const rejected = stdout.split('\n').find((line) => line.startsWith('!') && line.includes(ref))
    const remoteLines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('remote: '))
      .map((line) => line.slice('remote: '.length).trim())
      .filter(Boolean)
    const status = rejected?.split('\t')[2]?.trim()
    const fatal = result.stderr
      .split('\n')
      .filter((line) => /^(fatal|error):/.test(line) && !/failed to push some refs/.test(line))
      .join(' ')
    const reason = [status, remoteLines.join(' / '), status ? '' : fatal].filter(Boolean).join(': ')
    return {
      ok: false,
      retry: Boolean(status && RETRYABLE.test(status)),
      reason: reason || result.stderr.trim(),
    }
  }
}
