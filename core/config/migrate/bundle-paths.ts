import { isAbsolute, relative } from 'node:path'
import picomatch from 'picomatch'
import { stripContentHash } from '../../toolkit/hashed-name.js'
import { toIdPath } from '../../toolkit/slug.js'

// size-limit and compressed-size-action name files by path or glob; bundlePlugin measures one built
// folder and names its sizes `bundle/<what>/<compression>`. These helpers find the folder in a path and
// the metric a path or glob inside it corresponds to.

/** Folder names build tools write to: the built folder is the path up to the first of them. */
const OUTPUT_DIRS = /^(dist|build|lib|out|output|es|esm|cjs|umd|bundles?|public|www|_site|\.output)$/i

export type Compression = 'brotli' | 'gzip' | 'raw'

export interface BundleTarget {
  /** The built folder, relative to the project, `/`-separated. */
  dir: string
  /** The metric id without its compression: `bundle/asset/index.js`, `bundle/js`, `bundle/total`. */
  metric: string
  /** What makes the translation approximate, if anything. */
  caveat?: string
}

const isGlob = (segment: string) => picomatch.scan(segment).isGlob

export { toIdPath }

/** A path as given in a config: relative to the project, `/`-separated, without `./`. */
export function projectPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path
  return rel
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
}

/**
 * The built folder a path or glob is in and the bundle metric it corresponds to, or a reason why none
 * does. The folder is the path up to its first output-folder name (`dist`, `build`, `lib` …) before any
 * glob, else the file's own folder.
 */
export function bundleTarget(path: string, cwd: string): BundleTarget | { reason: string } {
  const rel = projectPath(path, cwd)
  if (rel.startsWith('../')) return { reason: `${path} is outside the project folder` }
  const segments = rel.split('/')
  const firstGlob = segments.findIndex(isGlob)
  const fixed = firstGlob === -1 ? segments.length : firstGlob
  let cut = segments.slice(0, fixed).findIndex((s) => OUTPUT_DIRS.test(s))
  if (cut === -1) {
    // No output folder name: the file's own folder (a glob's fixed part).
    cut = firstGlob === -1 ? segments.length - 2 : firstGlob - 1
    if (cut < 0)
      return {
        reason: `${path} is at the project's root: bundlePlugin measures a built folder, and the root holds sources and node_modules`,
      }
  }
  const dir = segments.slice(0, cut + 1).join('/')
  const rest = segments.slice(cut + 1).join('/')
  if (rest === '') return { dir, metric: 'bundle/total' }
  if (!isGlob(rest)) return { dir, metric: `bundle/asset/${toIdPath(stripContentHash(rest))}` }
  const kind = globKind(rest)
  if (kind) return { dir, ...kind }
  // `assets/index-*.js`, `static/js/main.*.js`: a `*` where the content hash is.
  const hashed = /^(.*[^/*])[-.]\*(\.[A-Za-z0-9]+)$/.exec(rest)
  if (hashed && !isGlob(hashed[1]) && !isGlob(hashed[2]))
    return {
      dir,
      metric: `bundle/asset/${toIdPath(`${hashed[1]}${hashed[2]}`)}`,
      caveat: `the * in ${rest} is taken for the content hash: perfgate names the file without it`,
    }
  return { reason: `${rest} in ${dir}: no bundle metric sums exactly the files this glob matches` }
}

function globKind(rest: string): { metric: string; caveat?: string } | null {
  const recursive = rest.startsWith('**/')
  const tail = recursive ? rest.slice(3) : rest
  const flat = recursive
    ? undefined
    : `${rest} matches the folder's top level only; bundle metrics count files at any depth`
  if (rest === '**' || rest === '**/*' || (tail === '*' && !recursive))
    return { metric: 'bundle/total', ...(rest === '*' ? { caveat: flat } : {}) }
  if (/^\*\.(js|\{js,mjs,cjs\}|\{js,cjs,mjs\}|\{js,mjs\}|\{mjs,js\}|\{cjs,js,mjs\})$/.test(tail)) {
    const only =
      tail === '*.js' ? `${rest} matches .js files; bundle/js also counts .mjs and .cjs` : undefined
    const caveat = [flat, only].filter(Boolean).join('; ')
    return { metric: 'bundle/js', ...(caveat ? { caveat } : {}) }
  }
  if (tail === '*.css') return { metric: 'bundle/css', ...(flat ? { caveat: flat } : {}) }
  return null
}

/** `bundle/<metric>/<compression>`. */
export const bundleId = (metric: string, compression: Compression) => `${metric}/${compression}`
