import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CheckResult } from './types.js'

/** This Node against perfgate's own `engines.node`. */
export function nodeCheck(version = process.versions.node): CheckResult {
  const range = ownEngines()
  if (!range) return { name: 'node', status: 'ok', message: `v${version}` }
  return satisfies(version, range)
    ? { name: 'node', status: 'ok', message: `v${version} (perfgate needs ${range})` }
    : {
        name: 'node',
        status: 'fail',
        message: `v${version}, but perfgate needs Node ${range}`,
        fix: 'install a newer Node (https://nodejs.org, or `nvm install --lts`); in CI use actions/setup-node',
      }
}

function ownEngines(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; engines?: { node?: string } }
      if (pkg.name === 'perfgate') return pkg.engines?.node ?? null
    }
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

interface Semver {
  satisfies(version: string, range: string, options: { includePrerelease: boolean }): boolean
  validRange(range: string): string | null
}

/**
 * Whether a version meets an `engines` range, by npm's own rules (the `semver` package). A pre-release
 * Node (`23.0.0-nightly…`) counts as its release; a range semver cannot read does not block a run.
 */
export function satisfies(version: string, range: string): boolean {
  const semver = createRequire(import.meta.url)('semver') as Semver
  if (semver.validRange(range) === null) return true
  return semver.satisfies(version, range, { includePrerelease: true })
}
