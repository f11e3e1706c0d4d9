// A base build that costs once: the `--ab` checkout of a commit, with its node_modules and ab.build's
// output, kept in a cache folder keyed by that commit, the lockfiles (base and head: a checkout whose
// node_modules links to the head's is only valid while the head's lockfile is the same) and ab.build.
// The next run for the same merge-base reuses it as is; CI persists the folder with actions/cache
// (docs/ab.md). PERFGATE_AB_CACHE names the folder; `off` turns the cache off.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Entries kept; older ones are removed after a new one is stored. */
const KEEP = 3
const COMPLETE = '.perfgate-ab-complete'
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb']

/** The cache folder, or null when PERFGATE_AB_CACHE turns it off. */
export function abCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.PERFGATE_AB_CACHE?.trim()
  if (value && /^(off|0|false|no)$/i.test(value)) return null
  return value || join(tmpdir(), 'perfgate-ab-cache')
}

export interface KeyInputs {
  repo: string
  commit: string
  /** The config folder in the repository. */
  rel: string
  build: string | null
  /** The base's file at `path` (repository-relative), or null: `git show commit:path`. */
  baseFile(path: string): Promise<Buffer | null>
}

/** The key of a base build: commit, config folder, ab.build, and every lockfile on both sides. */
export async function abCacheKey(inputs: KeyInputs): Promise<string> {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([inputs.commit, inputs.rel, inputs.build]))
  for (const folder of [...new Set([inputs.rel, ''])])
    for (const name of [...LOCKFILES, 'package.json']) {
      const path = folder ? `${folder}/${name}` : name
      const base = await inputs.baseFile(path)
      const head = await readFile(join(inputs.repo, path)).catch(() => null)
      hash.update(`\0${path}\0b${base ? sha(base) : '-'}\0h${head ? sha(head) : '-'}`)
    }
  return `${inputs.commit.slice(0, 12)}-${hash.digest('hex').slice(0, 16)}`
}

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** The stored checkout for `key`, or null. Touched, so pruning keeps what is used. */
export async function cachedBase(dir: string, key: string): Promise<string | null> {
  const entry = join(dir, key)
  if (!existsSync(join(entry, COMPLETE))) return null
  const now = new Date()
  await utimes(entry, now, now).catch(() => {})
  return entry
}

/** Where a new entry is built: moved into place by `storeBase` once built. */
export function pendingEntry(dir: string, key: string): string {
  return join(dir, `${key}.pending-${process.pid}`)
}

/** Marks a built checkout complete and moves it into place; removes the oldest entries beyond KEEP. */
export async function storeBase(dir: string, key: string, pending: string): Promise<string> {
  await writeFile(join(pending, COMPLETE), `${new Date().toISOString()}\n`)
  const entry = join(dir, key)
  await rm(entry, { recursive: true, force: true })
  await rename(pending, entry)
  await prune(dir)
  return entry
}

async function prune(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[])
  const entries = await Promise.all(
    names
      .filter((name) => !name.includes('.pending-'))
      .map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  )
  entries.sort((a, b) => b.mtime - a.mtime)
  for (const old of entries.slice(KEEP)) await rm(join(dir, old.name), { recursive: true, force: true })
}
