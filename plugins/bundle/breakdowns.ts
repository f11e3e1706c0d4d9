import type { BreakdownPart } from '../../core/model/types.js'
import { maskContentHash } from '../../core/toolkit/index.js'
import { shipped } from './metrics.js'
import type { AssetSize, ViteBundleData, ViteChunk } from './types.js'

export type Encoding = 'raw' | 'gzip' | 'brotli'

/** The headline groups' breakdowns, per compression: what `bundle/<group>/<encoding>` is made of. */
export type SizeBreakdowns = Record<'total' | 'initial-js' | 'initial-css', Record<Encoding, BreakdownPart[]>>

const ENCODINGS: Encoding[] = ['raw', 'gzip', 'brotli']

/**
 * What each headline size is made of. With perfgate/vite's module data, a JavaScript chunk's bytes are
 * shared among its npm packages (keyed by name, located at the import that pulled the package in) and
 * the project's own modules (keyed by module id), in proportion to their rendered length (Vite's size of
 * each module in the chunk before minification: an estimate of each one's share of the compressed file).
 * Every other file, and every file without that data, is one part keyed by its path with the content
 * hash masked (`assets/index-*.js`), so a part keeps its key from build to build.
 */
export function sizeBreakdowns(assets: AssetSize[], vite: ViteBundleData | null): SizeBreakdowns {
  const files = shipped(assets)
  const of = (subset: AssetSize[]) => subsetBreakdown(subset, vite)
  return {
    total: of(files),
    'initial-js': of(files.filter((a) => a.initial && a.kind === 'js')),
    'initial-css': of(files.filter((a) => a.initial && a.kind === 'css')),
  }
}

/** What a set of files is made of, per compression (a route's initial JS, say), as the headline sizes'. */
export function subsetBreakdown(
  subset: AssetSize[],
  vite: ViteBundleData | null,
): Record<Encoding, BreakdownPart[]> {
  const chunks = new Map((vite?.chunks ?? []).map((c) => [c.fileName, c]))
  return Object.fromEntries(
    ENCODINGS.map((enc) => [enc, subset.flatMap((a) => assetParts(a, enc, chunks.get(a.file)))]),
  ) as Record<Encoding, BreakdownPart[]>
}

function assetParts(asset: AssetSize, enc: Encoding, chunk: ViteChunk | undefined): BreakdownPart[] {
  const size = asset[enc]
  const modules = chunk?.modules.filter((m) => m.renderedLength > 0) ?? []
  const rendered = modules.reduce((sum, m) => sum + m.renderedLength, 0)
  if (rendered === 0) return [{ key: maskContentHash(asset.file), value: size }]
  const parts = new Map<string, BreakdownPart>()
  for (const module of modules) {
    const key = module.package?.name ?? module.id
    const share = (size * module.renderedLength) / rendered
    const seen = parts.get(key)
    if (seen) {
      seen.value += share
      seen.basis = (seen.basis ?? 0) + module.renderedLength
      if (!seen.location && module.importedBy) seen.location = module.importedBy
      continue
    }
    parts.set(key, {
      key,
      value: share,
      // Its rendered length: unchanged, the part is, whatever its share of the file did.
      basis: module.renderedLength,
      ...(module.package && module.importedBy ? { location: module.importedBy } : {}),
    })
  }
  // Whole bytes (rounded: the parts of a file add up to its size within a byte or two).
  return [...parts.values()].map((p) => ({ ...p, value: Math.round(p.value) }))
}
