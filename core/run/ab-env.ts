// The base of an A/B run is a checkout of a commit: files git ignores are not in it. A project's local
// env file (`.env`, `.env.production`, …) usually is ignored, yet its start script or build reads it
// (`node --env-file=.env`, Vite's VITE_* variables): without it the base side fails to start, or builds
// differently from the head, and the difference would be read as the change.

import { existsSync } from 'node:fs'
import { copyFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../model/types.js'

const ENV_FILE = /^\.env(\.[\w.-]+)?$/

/**
 * Copies the head config folder's env files that git ignores and the base folder lacks into the base
 * folder, and returns their names. A tracked env file is the commit's own, on both sides: never copied.
 */
export async function copyIgnoredEnvFiles(
  headDir: string,
  baseDir: string,
  logger: Logger,
): Promise<string[]> {
  const names = (await readdir(headDir, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile() && ENV_FILE.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => !existsSync(join(baseDir, name)))
  if (names.length === 0) return []
  const { runGit } = await import('../baseline/git.js')
  const copied: string[] = []
  for (const name of names) {
    // check-ignore exits 0 only for a path git ignores (an untracked file that is not ignored is the change's).
    const ignored = await runGit(['check-ignore', '-q', '--', name], { cwd: headDir })
    if (ignored.code !== 0) continue
    await copyFile(join(headDir, name), join(baseDir, name))
    copied.push(name)
  }
  if (copied.length > 0)
    logger.info(
      `A/B: copied ${copied.join(', ')} into the base checkout (ignored by git, so not in the commit; its start script or build may read it)`,
    )
  return copied
}
