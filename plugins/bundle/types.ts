import type { BudgetInput } from '../../core/config/types.js'

/** What kind of file an emitted asset is; each kind gets its `bundle/<kind>/…` metrics. */
export type AssetKind = 'js' | 'css' | 'html' | 'images' | 'fonts' | 'other'

export type { BundleOptions, ImageOptions } from './options.js'

/** One emitted file, measured. */
export interface AssetSize {
  /** Path relative to the built folder, `/`-separated, as emitted (with its hash). */
  file: string
  /** The metric segment: hash-free, lowercase. */
  name: string
  kind: AssetKind
  /** sha256 of the content, hex. */
  hash: string
  raw: number
  gzip: number
  brotli: number
  /** Loaded by an HTML entry before interaction (script, modulepreload, stylesheet, preload of either, or their static imports). */
  initial: boolean
  sourceMap: boolean
}

export interface ViteModule {
  /** Module id relative to the Vite root (`node_modules/dayjs/dayjs.min.js`, `src/main.ts`). */
  id: string
  renderedLength: number
  /** The npm package it comes from, when in node_modules. */
  package?: { name: string; version: string; dir: string }
  /**
   * For a package's modules: the module that imports it from outside the package (`src/main.ts`, or
   * another package's module), when the bundler's module graph knows it.
   */
  importedBy?: string
}

export interface ViteChunk {
  fileName: string
  name: string
  isEntry: boolean
  isDynamicEntry: boolean
  imports: string[]
  dynamicImports: string[]
  modules: ViteModule[]
}

/**
 * `.perfgate/bundle.json`: what `perfgate/vite` saw during the build; or the same read from a webpack,
 * rspack or rollup-plugin-webpack-stats stats file (`tool: 'webpack-stats'`, see webpack-stats.ts).
 */
export interface ViteBundleData {
  version: 1
  tool: 'perfgate/vite' | 'webpack-stats'
  createdAt: string
  /** Vite's version; for stats, the bundler's version when they give it. */
  viteVersion: string
  /** Absolute Vite root and output folder. */
  root: string
  outDir: string
  ssr: boolean
  /** Every emitted file with the sha256 of its content, to tell a stale file from a current one. */
  files: Record<string, { hash: string; raw: number }>
  chunks: ViteChunk[]
  /** Absolute path of the treemap HTML (rollup-plugin-visualizer), when written. */
  treemap?: string
}

export type BundleBudgets = Record<string, BudgetInput>
