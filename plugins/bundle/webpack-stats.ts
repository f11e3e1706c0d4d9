import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Logger } from '../../core/model/types.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import type { AssetSize, ViteBundleData, ViteChunk, ViteModule } from './types.js'
import { createPackageResolver } from './vite-collect.js'

/**
 * The parts of a webpack 5 stats object perfgate reads. rspack writes the same shape, and
 * rollup-plugin-webpack-stats writes a subset of it for Rollup and Vite (assets, chunks with `files`, and
 * top-level modules with `chunks` ids, no issuers).
 */
interface StatsModule {
  name?: string
  size?: number
  chunks?: Array<string | number>
  moduleType?: string
  issuerName?: string | null
  reasons?: Array<{ moduleName?: string | null }>
  /** A concatenated module's inner modules (scope hoisting). */
  modules?: StatsModule[]
}

interface StatsChunk {
  id: string | number
  files?: string[]
  names?: string[]
  entry?: boolean
  initial?: boolean
  modules?: StatsModule[]
}

interface StatsCompilation {
  version?: string
  /** The absolute output folder (webpack's `output.path`). */
  outputPath?: string
  assets?: Array<{ name: string; size?: number }>
  chunks?: StatsChunk[]
  modules?: StatsModule[]
  /** A multi-compiler build (`webpack --json` with an array config): one compilation each. */
  children?: StatsCompilation[]
}

/**
 * Where the stats file may be: the option's path; by default the names the usual writers give it in the
 * built folder (rollup-plugin-webpack-stats' `webpack-stats.json`, webpack-bundle-analyzer's
 * `generateStatsFile` `stats.json`), then `stats.json` in the config's folder (`webpack --json > stats.json`).
 */
export function statsCandidates(option: string | false | undefined, cwd: string, dir: string): string[] {
  if (option === false) return []
  if (option) return [resolve(cwd, option)]
  return [join(dir, 'webpack-stats.json'), join(dir, 'stats.json'), join(cwd, 'stats.json')]
}

const WRITE_HINT =
  'Write it after the build with `webpack --json stats.json` (webpack-cli 5; rspack: `rspack build --json stats.json` with `stats: { assets: true, chunks: true, modules: true }` in its config), or with rollup-plugin-webpack-stats for Rollup and Vite'

/**
 * Reads a webpack, rspack or rollup-plugin-webpack-stats stats file and turns it into the module data
 * perfgate/vite writes, so packages, duplicates, breakdowns and new packages work the same. A file named
 * by the option that is missing or unreadable is an error; a file found by default that is not stats is
 * ignored with a warning. Stats of another build (a file it lists is missing from `dir` or has another
 * size) are ignored with a warning: they would attribute bytes to the wrong modules.
 *
 * Read whole with JSON.parse: one pass in native code, a few times faster than a streaming parser in JS;
 * the cost is memory (about twice the file) and V8's limit of about 512 MB for one string, far above
 * what `webpack --json` writes without `source`.
 */
export async function loadWebpackStats(
  candidates: string[],
  explicit: boolean,
  root: string,
  dir: string,
  assets: AssetSize[],
  logger: Logger,
): Promise<ViteBundleData | null> {
  const path = candidates.find((p) => existsSync(p))
  if (!path) {
    if (explicit)
      throw new PerfgateError(
        'USAGE',
        `The stats file ${candidates[0]} (option \`stats\` of bundlePlugin()) does not exist.`,
        {
          hint: `${WRITE_HINT}; or fix the path (relative to the config's folder), or remove \`stats\`.`,
        },
      )
    return null
  }
  let stats: StatsCompilation
  try {
    stats = parseStats(await readFile(path, 'utf8'))
  } catch (error) {
    const how = explicit ? 'option `stats` of bundlePlugin()' : 'found by default'
    const message = `${path} (${how}) is not a readable stats file: ${errorMessage(error)}.`
    if (!explicit) {
      logger.warn(`Ignoring ${message} Set \`stats: false\` to stop looking for it.`)
      return null
    }
    throw new PerfgateError('INPUT_INVALID', message, {
      cause: error,
      hint: `${WRITE_HINT}. \`webpack --json > file\` must redirect stdout only: build logs in the file make it invalid.`,
    })
  }

  const current = new Map(assets.map((a) => [a.file, a]))
  // Of a multi-compiler build, the compilations whose output folder is `dir`, else those that emitted a
  // file of it (the stats may come from another checkout or a container).
  const all = stats.children?.length && !stats.chunks?.length ? stats.children : [stats]
  const inDir = all.filter((c) => c.outputPath && resolve(c.outputPath) === resolve(dir))
  const compilations =
    inDir.length > 0 ? inDir : all.filter((c) => (c.assets ?? []).some((a) => current.has(a.name)))
  // Source maps deleted after upload and `.gz`/`.br` copies (compression-webpack-plugin) are not measured.
  const listed = compilations.flatMap((c) =>
    (c.assets ?? [])
      .filter((a) => !/\.map$/i.test(a.name) && !/\.(?:gz|br)$/i.test(a.name))
      .map((a) => ({ ...a, sized: (c.version ?? stats.version) !== undefined })),
  )
  if (compilations.length === 0) {
    logger.warn(
      `Ignoring ${path}: none of the files it lists is in ${dir}. Point \`dir\` of bundlePlugin() at the bundler's output folder (webpack's \`output.path\`), or write the stats in the same build.`,
    )
    return null
  }
  // A file missing is another build. webpack and rspack (their stats have `version`) give each emitted
  // file's size, so another size is too; rollup-plugin-webpack-stats measures a chunk before Vite's last
  // rewrite of it (its sizes differ by a few bytes), so there the hashed names alone tell.
  const differing = listed.filter((a) => {
    const file = current.get(a.name)
    return !file || (a.sized && typeof a.size === 'number' && a.size !== file.raw)
  })
  if (differing.length > 0) {
    logger.warn(
      `Ignoring stale ${path}: it describes another build (${differing.length} of its ${listed.length} file(s) missing or of another size, e.g. ${differing[0].name}). Write the stats in the same build as ${dir} so module-level insights match the folder.`,
    )
    return null
  }

  const packageOf = createPackageResolver(root)
  const files: ViteBundleData['files'] = {}
  for (const a of listed) {
    const asset = current.get(a.name) as AssetSize
    files[a.name] = { hash: asset.hash, raw: asset.raw }
  }
  return {
    version: 1,
    tool: 'webpack-stats',
    createdAt: new Date().toISOString(),
    viteVersion: compilations[0].version ?? '',
    root,
    outDir: dir,
    ssr: false,
    files,
    chunks: compilations.flatMap((c) => compilationChunks(c, root, packageOf)),
  }
}

function parseStats(text: string): StatsCompilation {
  const stats = JSON.parse(text) as StatsCompilation
  if (!stats || typeof stats !== 'object' || Array.isArray(stats)) throw new Error('not a JSON object')
  const compilations = stats.children?.length && !stats.chunks?.length ? stats.children : [stats]
  const usable = compilations.some(
    (c) =>
      Array.isArray(c.assets) &&
      Array.isArray(c.chunks) &&
      (Array.isArray(c.modules) || c.chunks.some((ch) => Array.isArray(ch.modules))),
  )
  if (!usable)
    throw new Error(
      "it has no `assets`, `chunks` and `modules` (written with a stats preset without them, such as rspack CLI's default `errors-warnings`?)",
    )
  return stats
}

const JS = /\.(?:m|c)?js$/i

/** One chunk per JavaScript file, with the modules webpack placed in its chunk. */
function compilationChunks(
  stats: StatsCompilation,
  root: string,
  packageOf: ReturnType<typeof createPackageResolver>,
): ViteChunk[] {
  const chunks = stats.chunks ?? []
  // Top-level modules carry their chunk ids; modules only inside a concatenation have none and are
  // counted through it. Without top-level modules (`stats.modules: false`), each chunk lists its own.
  const placed = (stats.modules ?? []).filter((m) => m.chunks?.length)
  const byChunk = new Map<string | number, StatsModule[]>()
  if (placed.length > 0)
    for (const m of placed)
      for (const id of m.chunks ?? []) {
        const list = byChunk.get(id)
        if (list) list.push(m)
        else byChunk.set(id, [m])
      }
  else for (const c of chunks) byChunk.set(c.id, c.modules ?? [])

  const issuers = issuerIndex(stats)
  const out: ViteChunk[] = []
  for (const chunk of chunks) {
    // A chunk's CSS file (mini-css-extract) is not described by its JavaScript modules.
    const fileName = (chunk.files ?? []).find((f) => JS.test(f))
    if (!fileName) continue
    const modules = (byChunk.get(chunk.id) ?? [])
      .flatMap((m) => (m.modules?.length ? m.modules : [m]))
      .filter((m) => !/^(?:css\/|asset\/resource)/.test(m.moduleType ?? ''))
      .map((m) => toModule(m, root, packageOf, issuers))
    out.push({
      fileName,
      name: chunk.names?.[0] ?? String(chunk.id),
      isEntry: chunk.entry === true,
      isDynamicEntry: chunk.initial === false,
      // Chunk-to-chunk imports are not in stats in Rollup's form; nothing perfgate reads from stats needs them.
      imports: [],
      dynamicImports: [],
      modules,
    })
  }
  return out
}

/**
 * `./node_modules/css-loader/dist/cjs.js!./src/a.css?x` → `src/a.css`; `./src/a.js + 3 modules` →
 * `src/a.js`; `.\\src\\a.js` (rollup-plugin-webpack-stats on Windows) → `src/a.js`. webpack's and
 * rspack's runtime modules (`webpack/runtime/load script`, a dozen small ones) are one part,
 * `webpack/runtime`: the bundler's own code, which a reviewer reads as one thing.
 */
export function statsModuleId(name: string): string {
  if (name.startsWith('webpack/runtime/')) return 'webpack/runtime'
  return name
    .slice(name.lastIndexOf('!') + 1)
    .replace(/ \+ \d+ modules?$/, '')
    .split('?')[0]
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
}

/** Each module's issuer (the module that first imported it), by id, from every module stats describe. */
function issuerIndex(stats: StatsCompilation): Map<string, string> {
  const issuers = new Map<string, string>()
  const visit = (m: StatsModule) => {
    const issuer = m.issuerName ?? m.reasons?.find((r) => r.moduleName)?.moduleName
    if (m.name && issuer && !issuers.has(statsModuleId(m.name)))
      issuers.set(statsModuleId(m.name), statsModuleId(issuer))
    for (const inner of m.modules ?? []) visit(inner)
  }
  for (const m of stats.modules ?? []) visit(m)
  for (const c of stats.chunks ?? []) for (const m of c.modules ?? []) visit(m)
  return issuers
}

function toModule(
  m: StatsModule,
  root: string,
  packageOf: ReturnType<typeof createPackageResolver>,
  issuers: Map<string, string>,
): ViteModule {
  const id = statsModuleId(m.name ?? '')
  // Only file paths name packages: `webpack/runtime/…` and `external "react"` are not in node_modules.
  const pkg = id.includes('node_modules/') ? packageOf(resolve(root, id)) : undefined
  let importedBy: string | undefined
  if (pkg) {
    // Up the issuer chain to the first module outside the package's folder: the import that pulled it in.
    const seen = new Set<string>()
    let at = issuers.get(id)
    while (at?.startsWith(`${pkg.dir}/`) && !seen.has(at)) {
      seen.add(at)
      at = issuers.get(at)
    }
    importedBy = at
  }
  return {
    id,
    renderedLength: typeof m.size === 'number' && m.size > 0 ? m.size : 0,
    ...(pkg ? { package: pkg } : {}),
    ...(importedBy ? { importedBy } : {}),
  }
}
