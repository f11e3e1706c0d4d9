import type { FindingInput } from '../../core/model/types.js'
import type { AssetSize, ViteBundleData, ViteModule } from './types.js'

const KB = 1000

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`
}

/** Source maps in the deployed folder expose the sources and cost upload time. */
export function sourceMapFindings(assets: AssetSize[]): FindingInput[] {
  const maps = assets.filter((a) => a.sourceMap)
  if (maps.length === 0) return []
  const bytes = maps.reduce((s, a) => s + a.raw, 0)
  return [
    {
      ruleId: 'bundle/source-map-shipped',
      severity: 'warning',
      message: `${maps.length} source map(s) (${kb(bytes)}) are in the built folder and would be deployed, e.g. ${maps[0].file}.`,
      file: maps[0].file,
      help: "Set `build.sourcemap: 'hidden'` and upload maps to your error tracker instead of deploying them, or delete *.map before deploying.",
    },
  ]
}

/**
 * Minified code has long lines and almost no indentation. A file over 2 kB whose lines average under 100
 * characters with more than a fifth of them indented was not minified.
 */
export function looksUnminified(text: string): boolean {
  if (text.length < 2048) return false
  const lines = text.split('\n')
  if (text.length / lines.length >= 100) return false
  const indented = lines.filter((l) => /^(?: {2}|\t)/.test(l)).length
  return indented / lines.length > 0.2
}

export function unminifiedFindings(assets: AssetSize[], contents: Map<string, Buffer>): FindingInput[] {
  const findings: FindingInput[] = []
  for (const asset of assets) {
    if ((asset.kind !== 'js' && asset.kind !== 'css') || /\.min\./.test(asset.file)) continue
    const text = contents.get(asset.file)?.toString('utf8') ?? ''
    if (!looksUnminified(text)) continue
    const what = asset.kind === 'js' ? 'JavaScript' : 'CSS'
    findings.push({
      ruleId: asset.kind === 'js' ? 'bundle/unminified-js' : 'bundle/unminified-css',
      severity: 'warning',
      message: `${asset.file} (${kb(asset.raw)}) looks like unminified ${what}.`,
      file: asset.file,
      help:
        asset.kind === 'js'
          ? 'Enable minification (`build.minify` in Vite, `optimization.minimize` in webpack), or copy the .min.js build of the library.'
          : 'Enable CSS minification (`build.cssMinify` in Vite, cssnano/lightningcss elsewhere).',
    })
  }
  return findings
}

interface PackageCopy {
  name: string
  version: string
  dir: string
  bytes: number
}

function packageCopies(modules: ViteModule[]): Map<string, PackageCopy[]> {
  const byName = new Map<string, Map<string, PackageCopy>>()
  for (const mod of modules) {
    if (!mod.package) continue
    const copies = byName.get(mod.package.name) ?? new Map<string, PackageCopy>()
    const copy = copies.get(mod.package.dir) ?? { ...mod.package, bytes: 0 }
    copy.bytes += mod.renderedLength
    copies.set(mod.package.dir, copy)
    byName.set(mod.package.name, copies)
  }
  return new Map([...byName].map(([name, copies]) => [name, [...copies.values()]]))
}

/** Per npm package: rendered bytes across all chunks. */
export function packageSizes(data: ViteBundleData): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const chunk of data.chunks)
    for (const mod of chunk.modules)
      if (mod.package) sizes.set(mod.package.name, (sizes.get(mod.package.name) ?? 0) + mod.renderedLength)
  return sizes
}

/** The same package bundled from more than one folder (versions or copies): all but the largest is waste. */
export function duplicateFindings(data: ViteBundleData): FindingInput[] {
  const findings: FindingInput[] = []
  for (const [name, copies] of packageCopies(data.chunks.flatMap((c) => c.modules))) {
    if (copies.length < 2) continue
    copies.sort((a, b) => b.bytes - a.bytes)
    const wasted = copies.slice(1).reduce((s, c) => s + c.bytes, 0)
    const versions = [...new Set(copies.map((c) => c.version))]
    findings.push({
      ruleId: 'bundle/duplicate-package',
      severity: 'warning',
      message: `${name} is bundled ${copies.length} times (${versions.length > 1 ? `versions ${versions.join(', ')}` : `copies of ${versions[0]}`}): ${kb(wasted)} wasted. Copies: ${copies.map((c) => `${c.dir} (${kb(c.bytes)})`).join(', ')}.`,
      help: `Align the version ranges so one copy satisfies all (\`npm ls ${name}\` shows who needs which), then \`npm dedupe\`; or ${
        data.tool === 'webpack-stats'
          ? `point every import at one copy with \`resolve.alias: { '${name}': path.resolve('node_modules/${name}') }\` in the webpack or rspack config (\`resolve.dedupe\` in a Vite config)`
          : `add \`resolve.dedupe: ['${name}']\` in the Vite config`
      }.`,
    })
  }
  return findings
}

/** npm packages over `threshold` rendered bytes in chunks the HTML loads up front. */
export function largeInitialDependencyFindings(
  data: ViteBundleData,
  initialFiles: Set<string>,
  threshold: number,
): FindingInput[] {
  const modules = data.chunks.filter((c) => initialFiles.has(c.fileName)).flatMap((c) => c.modules)
  const findings: FindingInput[] = []
  for (const [name, copies] of packageCopies(modules)) {
    const bytes = copies.reduce((s, c) => s + c.bytes, 0)
    if (bytes < threshold) continue
    const chunk = data.chunks.find(
      (c) => initialFiles.has(c.fileName) && c.modules.some((m) => m.package?.name === name),
    )
    findings.push({
      ruleId: 'bundle/large-initial-dependency',
      severity: 'info',
      // The chunk is the finding's file: the message does not repeat it.
      message: `${name} adds ${kb(bytes)} (before compression) to the initial JavaScript.`,
      file: chunk?.fileName,
      help: `If it is not needed for the first render, load it with a dynamic \`import('${name}')\` where it is used, so it goes to a lazy chunk; or look for a smaller alternative.`,
    })
  }
  return findings
}
