import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const CONFIG_NAMES = [
  'perfgate.config.ts',
  'perfgate.config.mts',
  'perfgate.config.mjs',
  'perfgate.config.js',
  'perfgate.config.json',
]

/** The nearest config file from `cwd` upward, stopping at the git root (the folder holding `.git`). */
export function findConfigFile(cwd: string): string | null {
  let dir = cwd
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name)
      if (existsSync(file)) return file
    }
    const parent = dirname(dir)
    if (existsSync(join(dir, '.git')) || parent === dir) return null
    dir = parent
  }
}
