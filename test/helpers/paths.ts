import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const FIXTURES = join(REPO_ROOT, 'test/fixtures')
export const CLI = join(REPO_ROOT, 'dist/core/cli/bin.js')

export function fixture(name: string): string {
  return join(FIXTURES, name)
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'perfgate-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
