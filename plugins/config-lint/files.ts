import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import picomatch from 'picomatch'

export type FileKind = 'nginx' | 'redis' | 'headers' | 'fluentbit' | 'script' | 'data'

/** Which files are linted as what; the first kind whose globs match wins, in this order. */
export interface FileGlobs {
  nginx: string[]
  redis: string[]
  headers: string[]
  fluentbit: string[]
  script: string[]
  data: string[]
}

export const DEFAULT_GLOBS: FileGlobs = {
  nginx: ['**/nginx.conf', '**/nginx/**/*.conf', '**/*.nginx.conf', '**/*.nginx', '**/nginx-T.txt'],
  redis: ['**/redis*.conf', '**/redis/**/*.conf'],
  headers: ['**/_headers'],
  fluentbit: ['**/fluent-bit*.conf', '**/fluentbit*.conf', '**/fluent-bit/**/*.conf'],
  script: [
    '**/{logger,logging,log}.{js,mjs,cjs,ts,mts,cts}',
    '**/{logger,logging,log}/**/*.{js,mjs,cjs,ts,mts,cts}',
  ],
  data: ['**/*.{yml,yaml}', '**/netlify.toml', '**/vercel.json', '**/config/**/*.{json,toml}'],
}

export const DEFAULT_IGNORE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/.perfgate/**',
  '**/pnpm-lock.yaml',
  '**/*.lock.yaml',
]

export interface LintTarget {
  file: string
  kind: FileKind
}

/** The files under `cwd` the globs select, with their kind, sorted; ignored folders are not walked. */
export function findTargets(cwd: string, globs: FileGlobs, ignore: string[]): LintTarget[] {
  const ignored = picomatch(ignore, { dot: true })
  const matchers = (Object.keys(globs) as FileKind[]).map((kind) => ({
    kind,
    match: picomatch(globs[kind], { dot: true }),
  }))
  const out: LintTarget[] = []
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      const rel = relative(cwd, path).split(sep).join('/')
      if (entry.isDirectory()) {
        if (!ignored(`${rel}/`) && !ignored(`${rel}/x`)) walk(path)
        continue
      }
      if (!entry.isFile() || ignored(rel)) continue
      const kind = matchers.find((m) => m.match(rel))?.kind
      if (kind) out.push({ file: path, kind })
    }
  }
  walk(cwd)
  return out.sort((a, b) => a.file.localeCompare(b.file))
}

/** The repository's root (the nearest folder with `.git`), else `cwd`: findings name files relative to it. */
export function projectRoot(cwd: string): string {
  let dir = cwd
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return cwd
    dir = parent
  }
}

/** A file as findings show it: relative to the root with `/`, or absolute when outside it. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file)
  if (rel.startsWith('..') || rel === '') return file
  return rel.split(sep).join('/')
}
