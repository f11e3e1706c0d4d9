import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/paths.js'

/** Every .ts file under `dir`, repository-relative. */
function sources(dir: string): string[] {
  const out: string[] = []
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(REPO_ROOT, full))
    }
  }
  walk(join(REPO_ROOT, dir))
  return out
}

/** Relative imports (static and dynamic) of a file, resolved to repository-relative paths. */
function imports(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8')
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1])
  return specifiers.map((s) => relative(REPO_ROOT, resolve(dirname(join(REPO_ROOT, file)), s)))
}

const pluginOf = (path: string) => /^plugins\/([^/]+)\//.exec(path)?.[1]

describe('dependencies point one way', () => {
  it('finds the files it checks (the check would pass vacuously otherwise)', () => {
    expect(sources('core').length).toBeGreaterThan(50)
    expect(new Set(sources('plugins').map(pluginOf)).size).toBeGreaterThanOrEqual(4)
    expect(imports('core/cli/registry.ts')).toContain('plugins/index.js')
  })

  it('core imports no plugin and no preset (the CLI hands the registry to config resolution)', () => {
    const offending = sources('core')
      .filter((file) => file !== 'core/cli/registry.ts')
      .flatMap((file) =>
        imports(file)
          .filter((target) => target.startsWith('plugins/') || target.startsWith('presets/'))
          .map((target) => `${file} → ${target}`),
      )
    expect(offending).toEqual([])
  })

  it('no plugin imports another plugin; shared needs come from the toolkit', () => {
    const offending = sources('plugins').flatMap((file) =>
      imports(file)
        .filter((target) => pluginOf(file) && pluginOf(target) && pluginOf(target) !== pluginOf(file))
        .map((target) => `${file} → ${target}`),
    )
    expect(offending).toEqual([])
  })

  it('plugins reach core only through its public entry points and the plugin contract types', () => {
    const allowed = [
      /^core\/toolkit\//,
      /^core\/model\/types\.js$/,
      /^core\/config\/types\.js$/,
      /^core\/index\.js$/,
    ]
    const offending = sources('plugins').flatMap((file) =>
      imports(file)
        .filter((target) => target.startsWith('core/') && !allowed.some((re) => re.test(target)))
        .map((target) => `${file} → ${target}`),
    )
    expect(offending).toEqual([])
  })
})

describe('package.json lists what the shipped code uses', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    optionalDependencies?: Record<string, string>
  }
  const shipped = ['core', 'plugins', 'presets']
    .flatMap(sources)
    .map((file) => readFileSync(join(REPO_ROOT, file), 'utf8'))
  /** A module specifier naming the package or a path in it: `'name'`, `"name/sub"` (import, import(), require). */
  const uses = (name: string) => {
    const specifier = new RegExp(`['"\`]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"\`]*)?['"\`]`)
    return shipped.some((text) => specifier.test(text))
  }

  it('every runtime dependency is imported by core, a plugin or a preset (an unused one only costs installs)', () => {
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]
    expect(names.length).toBeGreaterThan(10)
    expect(names.filter((name) => !uses(name))).toEqual([])
  })

  it('finds unused ones (the check would pass vacuously otherwise)', () => {
    expect(uses('zod')).toBe(true)
    expect(uses('simple-statistics')).toBe(false)
    expect(uses('cli-table3')).toBe(false)
  })
})
