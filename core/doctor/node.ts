import { existsSync, readFileSync } from 'node:fs'
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

/**
 * Whether a version meets a semver range of the forms `engines` fields use: comparators (`>=20.19`,
 * `>= 14`, `<23`, `=20.1.0`, `^20.19`, `~20.19`, `20.x`, `12 - 14`), joined by spaces (and) and `||` (or).
 */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version)
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/^(\S+)\s+-\s+(\S+)$/, '>=$1 <=$2') // a hyphen range
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1') // `>= 14`
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => meets(v, comparator)),
  )
}

type Version = [number, number, number]

function parse(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text
    .replace(/^v/, '')
    .split('-')[0]
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : 0))
  return [major, minor, patch]
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

function meets(v: Version, comparator: string): boolean {
  const match = /^(>=|<=|>|<|=|\^|~)?v?([\dxX*.]+)$/.exec(comparator)
  if (!match) return true // an unknown form: do not block a run on our own parser
  const [, op = '', text] = match
  const parts = text.split('.')
  const wild = parts.findIndex((p) => /^[xX*]$/.test(p))
  const given = (wild === -1 ? parts : parts.slice(0, wild)).length
  if (given === 0) return true // `*`, `x`
  const b = parse(parts.map((p) => (/^[xX*]$/.test(p) ? '0' : p)).join('.'))
  const c = compare(v, b)
  const upper = (index: number): Version =>
    index === 0 ? [b[0] + 1, 0, 0] : index === 1 ? [b[0], b[1] + 1, 0] : [b[0], b[1], b[2] + 1]
  switch (op) {
    case '>=':
      return c >= 0
    case '>':
      return c > 0
    case '<=':
      return c <= 0
    case '<':
      return c < 0
    case '^':
      return c >= 0 && compare(v, upper(b[0] > 0 || given < 2 ? 0 : b[1] > 0 || given < 3 ? 1 : 2)) < 0
    case '~':
      return c >= 0 && compare(v, upper(given < 2 ? 0 : 1)) < 0
    default:
      // `20`, `20.19`, `20.x`: that prefix; `20.19.1` or `=20.19.1`: exactly.
      return given >= 3 ? c === 0 : c >= 0 && compare(v, upper(given - 1)) < 0
  }
}
