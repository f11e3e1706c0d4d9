import type { PackageJson } from '../project.js'
import { type BundleTarget, bundleId, bundleTarget, type Compression, projectPath } from './bundle-paths.js'
import { isRecord, type KeyPath, keyName, type SourceFile } from './source.js'
import { addBudget, emptyMigration, type Migration } from './types.js'

// size-limit (`.size-limit.{js,cjs,mjs,json}` or package.json "size-limit"): each check's path and
// limit become a budget on the bundle metric of the same files, measured by bundlePlugin in the built
// folder they are in. size-limit fails whenever a limit is exceeded, so the budgets are absolute.

const BUNDLERS = /^@size-limit\/(webpack|esbuild|rolldown|preset-small-lib|preset-big-lib)$/
const TIMERS = /^@size-limit\/(time|preset-big-lib|preset-app)$/

/** What the project's package.json says of its size-limit: version and plugins. */
interface Setup {
  /** Major version of the size-limit package, or null when package.json does not name it. */
  major: number | null
  /** The plugin that bundles each check (webpack, esbuild …), or null when files are measured as they are. */
  bundler: string | null
  timer: boolean
}

function setupOf(pkg: PackageJson | null): Setup {
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies }
  const range =
    deps['size-limit'] ?? Object.entries(deps).find(([name]) => name.startsWith('@size-limit/'))?.[1]
  const major = range ? Number(/(\d+)/.exec(range)?.[1] ?? Number.NaN) : Number.NaN
  const names = Object.keys(deps)
  const plugin = names.find((n) => BUNDLERS.test(n)) ?? null
  // Before plugins (size-limit 0.x and 1.x) webpack was built in.
  const bundler =
    plugin ?? (Number.isFinite(major) && major < 2 ? 'webpack (built into size-limit < 2)' : null)
  return { major: Number.isFinite(major) ? major : null, bundler, timer: names.some((n) => TIMERS.test(n)) }
}

/**
 * `10 kB` in bytes. size-limit 5 and later count kB as 1000 and KiB as 1024 (bytes-iec); earlier
 * versions read every k as 1024 (the `bytes` package). Null when it is not a size.
 */
export function parseSizeLimit(limit: string | number, major: number | null): number | null {
  if (typeof limit === 'number') return limit
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])?(i)?b)?\s*$/i.exec(limit)
  if (!match) return null
  const [, number, prefix, iec] = match
  const power = prefix ? 'kmgt'.indexOf(prefix.toLowerCase()) + 1 : 0
  const base = iec || (major !== null && major < 5) ? 1024 : 1000
  return Math.floor(Number.parseFloat(number) * base ** power)
}

/** The compression a check is measured with: size-limit 11 moved the default from gzip to brotli. */
function compressionOf(check: Record<string, unknown>, major: number | null): Compression {
  if (major !== null && major < 11) {
    if (check.brotli === true) return 'brotli'
    return check.gzip === false ? 'raw' : 'gzip'
  }
  if (check.gzip === true) return 'gzip'
  return check.brotli === false ? 'raw' : 'brotli'
}

const IGNORED = new Set([
  'name',
  'path',
  'limit',
  'gzip',
  'brotli',
  'webpack',
  'running',
  'hidePassed',
  'highlightLess',
])

export function fromSizeLimit(src: SourceFile, pkg: PackageJson | null, cwd: string): Migration {
  const m = emptyMigration('size-limit', src.file)
  const fromPackage = src.file === 'package.json' || src.file.endsWith('/package.json')
  const base: KeyPath = fromPackage ? ['size-limit'] : []
  const checks = fromPackage && isRecord(src.value) ? src.value['size-limit'] : src.value
  const note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) =>
    m[list].push({
      file: src.file,
      key: keyName([...base, ...path]) || '(file)',
      line: src.lineOf([...base, ...path]),
      why,
    })
  if (!Array.isArray(checks)) {
    note('untranslated', [], 'size-limit expects an array of checks')
    return m
  }
  const setup = setupOf(pkg)
  if (setup.major === null)
    note(
      'notes',
      [],
      'package.json names no size-limit version: read as size-limit 11 and later (brotli by default, 1 kB = 1000 bytes)',
    )

  const targets: Array<{ index: number; target: BundleTarget; check: Record<string, unknown> }> = []
  checks.forEach((check, index) => {
    if (!isRecord(check)) {
      note('untranslated', [index], 'not a check object')
      return
    }
    const name = typeof check.name === 'string' ? ` (${check.name})` : ''
    for (const key of Object.keys(check)) {
      if (IGNORED.has(key) || key === 'import' || key === 'ignore') continue
      note(
        'untranslated',
        [index, key],
        /^(modifyWebpackConfig|modifyEsbuildConfig|config|entry|disableModuleConcatenation)$/.test(key)
          ? 'customises the bundle size-limit builds; perfgate measures the files your build emits'
          : key === 'message'
            ? 'perfgate’s budget rows have no custom message'
            : key === 'disablePlugins'
              ? 'perfgate has no size-limit plugins to disable'
              : 'no perfgate counterpart',
      )
    }
    if (typeof check.limit === 'string' && /\d\s*m?s\s*$/i.test(check.limit)) {
      note(
        'untranslated',
        [index, 'limit'],
        `a time limit${name}: perfgate does not estimate download and run time from sizes (lighthousePlugin measures real pages, benchPlugin code)`,
      )
      return
    }
    const namedImport = importsNames(check.import)
    if (namedImport) {
      note(
        'untranslated',
        [index, 'import'],
        `${namedImport}${name}: size-limit bundles only these exports (tree-shaken); perfgate measures emitted files, not an import of them`,
      )
      return
    }
    const paths = pathsOf(check)
    if (paths.length !== 1) {
      note(
        'untranslated',
        [index, paths.length === 0 ? 'import' : 'path'],
        paths.length === 0
          ? `no path${name}: size-limit measures package.json's main; give the built file's path`
          : `${paths.length} paths summed${name}: no bundle metric sums exactly these files`,
      )
      return
    }
    const found = bundleTarget(paths[0], cwd)
    if ('reason' in found) {
      note('untranslated', [index, 'path'], found.reason)
      return
    }
    targets.push({ index, target: found, check })
  })

  // One built folder per config: the folder most checks are in.
  const counts = new Map<string, number>()
  for (const t of targets) counts.set(t.target.dir, (counts.get(t.target.dir) ?? 0) + 1)
  const dir = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  const compressions = new Set<Compression>()
  const bundledFiles = new Set<string>()
  for (const { index, target, check } of targets) {
    const name = typeof check.name === 'string' ? ` (${check.name})` : ''
    if (target.dir !== dir) {
      note(
        'untranslated',
        [index, 'path'],
        `in another built folder (${target.dir}) than the one this config measures (${dir}): a perfgate config measures one folder; give that package a config of its own`,
      )
      continue
    }
    const compression = compressionOf(check, setup.major)
    if (check.limit === undefined) {
      note(
        'notes',
        [index],
        `no limit${name}: bundlePlugin reports ${bundleId(target.metric, compression)} without a budget`,
      )
      continue
    }
    const bytes = parseSizeLimit(check.limit as string | number, setup.major)
    if (bytes === null) {
      note('untranslated', [index, 'limit'], `"${String(check.limit)}" is not a size`)
      continue
    }
    compressions.add(compression)
    addBudget(m, {
      id: bundleId(target.metric, compression),
      max: bytes,
      from: `${keyName([...base, index, 'limit'])} ${JSON.stringify(check.limit)}${name}`,
    })
    if (target.caveat) note('notes', [index, 'path'], target.caveat)
    const bundled = setup.bundler && check.webpack !== false
    if (bundled && !bundledFiles.has(target.metric)) {
      bundledFiles.add(target.metric)
      note(
        'notes',
        [index, 'path'],
        `size-limit bundled ${projectPath(pathsOf(check)[0], cwd)} with its dependencies (${setup.bundler}); perfgate measures the file as built, so this limit is looser than it was`,
      )
    }
    if (check.ignore !== undefined && bundled)
      note(
        'notes',
        [index, 'ignore'],
        'perfgate measures the built file, which never contains what size-limit bundled and ignored',
      )
  }
  if (dir) {
    const options: Record<string, unknown> = { dir }
    // The headline sizes gate in one compression: gzip when every limit is in gzip.
    if (compressions.size === 1 && compressions.has('gzip')) options.compression = 'gzip'
    m.bundle = { options, comments: [] }
    if (m.budgets.length > 0)
      m.budgetMode = {
        value: 'absolute',
        from: 'size-limit fails whenever a limit is exceeded; remove for perfgate’s default (a limit the base branch already exceeds fails only when the change makes it worse)',
      }
  }
  if (setup.timer)
    note(
      'untranslated',
      [],
      'the time plugin’s loading and running estimates: perfgate measures real pages (lighthousePlugin) instead',
    )
  return m
}

/** The files a check measures: `path`, or the keys of an `import` object. */
function pathsOf(check: Record<string, unknown>): string[] {
  if (typeof check.path === 'string') return [check.path]
  if (Array.isArray(check.path)) return check.path.filter((p): p is string => typeof p === 'string')
  if (isRecord(check.import)) return Object.keys(check.import)
  return []
}

/** The named imports of a check (`{ a, b }`), or null when it imports everything (`*`) or nothing. */
function importsNames(value: unknown): string | null {
  if (value === undefined || value === '*') return null
  if (typeof value === 'string') return value
  if (isRecord(value)) {
    const named = Object.entries(value).filter(([, names]) => names !== '*')
    return named.length === 0
      ? null
      : named.map(([file, names]) => `${String(names)} from ${file}`).join(', ')
  }
  return String(value)
}
