import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { ViteChunk, ViteModule } from './types.js'

/** The parts of a Rollup/Rolldown output chunk perfgate reads (both bundlers have them). */
export type OutputChunkLike = Omit<ViteChunk, 'modules'> & {
  type: 'chunk'
  modules: Record<string, { renderedLength: number }>
}

const NODE_MODULES = /^(.*[/\\]node_modules[/\\])(@[^/\\]+[/\\][^/\\]+|[^/\\]+)[/\\]/

/** Finds the npm package of module ids; versions are read once per package folder. */
export function createPackageResolver(root: string) {
  const versions = new Map<string, string>()
  return (id: string): ViteModule['package'] => {
    const clean = id.replace(/^\0/, '').split('?')[0]
    // The last node_modules segment names the package (pnpm: .pnpm/x@1/node_modules/x).
    const at = clean.lastIndexOf('node_modules')
    if (at < 0) return undefined
    const match = clean.slice(Math.max(0, at - 1)).match(NODE_MODULES)
    if (!match) return undefined
    const dir = clean.slice(0, Math.max(0, at - 1)) + match[1] + match[2]
    const name = match[2].replace(/\\/g, '/')
    let version = versions.get(dir)
    if (version === undefined) {
      try {
        version = String(
          (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ??
            'unknown',
        )
      } catch {
        version = 'unknown'
      }
      versions.set(dir, version)
    }
    return { name, version, dir: relative(root, dir).replace(/\\/g, '/') }
  }
}

/** The bundler's module graph, as much as perfgate asks of it (Rollup's and Rolldown's `getModuleInfo`). */
export type ModuleInfoLookup = (id: string) => { importers?: readonly string[] } | null | undefined

/**
 * Chunks with their modules (rendered sizes, npm package, what imports a package), entry and
 * dynamic-import structure.
 */
export function collectChunks(
  bundle: Record<string, { type: string }>,
  root: string,
  moduleInfo?: ModuleInfoLookup,
): ViteChunk[] {
  const packageOf = createPackageResolver(root)
  // path.relative costs microseconds a call; most ids are plainly under the root (Vite writes both
  // with forward slashes, on Windows too).
  const prefix = root.endsWith('/') ? root : `${root}/`
  const relativeId = (id: string) =>
    (id.startsWith(prefix) ? id.slice(prefix.length) : relative(root, id)).replace(/\\/g, '/')
  const chunks: ViteChunk[] = []
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue
    const chunk = output as OutputChunkLike
    chunks.push({
      fileName: chunk.fileName,
      name: chunk.name,
      isEntry: chunk.isEntry,
      isDynamicEntry: chunk.isDynamicEntry,
      imports: [...chunk.imports],
      dynamicImports: [...chunk.dynamicImports],
      modules: Object.entries(chunk.modules ?? {}).map(([id, info]) => {
        const pkg = packageOf(id)
        const rel = id.startsWith('\0') ? id.slice(1) : relativeId(id)
        const importer = pkg ? importedFrom(id, pkg.dir, moduleInfo) : undefined
        return {
          id: rel,
          renderedLength: info.renderedLength,
          ...(pkg ? { package: pkg } : {}),
          // The file, without a query: Vue's `pages/stack.vue?vue&type=script&setup=true&lang.ts` is pages/stack.vue.
          ...(importer ? { importedBy: relativeId(importer.replace(/^\0/, '').replace(/\?.*$/, '')) } : {}),
        }
      }),
    })
  }
  return chunks.sort((a, b) => a.fileName.localeCompare(b.fileName))
}

/**
 * The first importer of a package's module from outside the package's folder: the import that pulled
 * the package in. The project's own modules come before other packages'.
 */
function importedFrom(
  id: string,
  packageDir: string,
  moduleInfo: ModuleInfoLookup | undefined,
): string | undefined {
  if (!moduleInfo) return undefined
  let importers: readonly string[] | undefined
  try {
    importers = moduleInfo(id)?.importers
  } catch {
    return undefined
  }
  // packageDir is relative to the root; ids are absolute: match its node_modules tail.
  const tail = packageDir.slice(packageDir.lastIndexOf('node_modules'))
  const outside = (importers ?? []).filter((i) => !i.replace(/\\/g, '/').includes(`${tail}/`))
  return outside.find((i) => !/[/\\]node_modules[/\\]/.test(i)) ?? outside[0]
}
