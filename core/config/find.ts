import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const CONFIG_NAMES = [
  'perfgate.config.ts',
  'perfgate.config.mts',
  'perfgate.config.mjs',
  'perfgate.config.js',
  'perfgate.config.json',
]

/**
 * The folders a config is looked for in, nearest first: `cwd` and each parent up to the git root (the
 * folder holding `.git`), or up to the file-system root outside a repository. `gitRoot` is null then.
 */
export function configSearchDirs(cwd: string): { dirs: string[]; gitRoot: string | null } {
  const dirs: string[] = []
  let dir = cwd
  for (;;) {
    dirs.push(dir)
    if (existsSync(join(dir, '.git'))) return { dirs, gitRoot: dir }
    const parent = dirname(dir)
    if (parent === dir) return { dirs, gitRoot: null }
    dir = parent
  }
}

/** The config file in one folder, if any (in CONFIG_NAMES order). */
export function configFileIn(dir: string): string | null {
  for (const name of CONFIG_NAMES) {
    const file = join(dir, name)
    if (existsSync(file)) return file
  }
  return null
}

/** The nearest config file from `cwd` upward, stopping at the git root (the folder holding `.git`). */
export function findConfigFile(cwd: string): string | null {
  for (const dir of configSearchDirs(cwd).dirs) {
    const file = configFileIn(dir)
    if (file) return file
  }
  return null
}
