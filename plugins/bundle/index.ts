export { bundlePlugin } from './plugin.js'
export type {
  AssetKind,
  AssetSize,
  BundleOptions,
  ImageOptions,
  ViteBundleData,
  ViteChunk,
  ViteModule,
} from './types.js'
export type { PerfgateViteOptions } from './vite.js'
