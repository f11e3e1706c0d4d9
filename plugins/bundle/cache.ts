import { join } from 'node:path'
import {
  type CacheSection,
  type CompressedSize,
  ContentCache,
  isCompressedSize,
} from '../../core/toolkit/index.js'

// Bump when what is cached changes meaning (compression settings, image estimates).
const CACHE_VERSION = 1

export interface ImageEstimate {
  /** Bytes of the best re-encoding sharp found; null when the file could not be decoded. */
  optimized: number | null
}

function isImageEstimate(value: unknown): value is ImageEstimate {
  const optimized = (value as Partial<ImageEstimate> | null)?.optimized
  return typeof value === 'object' && (optimized === null || typeof optimized === 'number')
}

/** Compressed sizes and image estimates keyed by content hash, so unchanged files are not measured again. */
export interface SizeCache {
  sizes: CacheSection<CompressedSize>
  images: CacheSection<ImageEstimate>
  save(): Promise<void>
}

/** The cache in `bundle-sizes.json` of `dir`; null keeps it in memory for this run only. */
export async function openSizeCache(dir: string | null): Promise<SizeCache> {
  const cache = await ContentCache.open(dir ? join(dir, 'bundle-sizes.json') : null, CACHE_VERSION, [
    'sizes',
    'images',
  ])
  return {
    sizes: cache.section('sizes', isCompressedSize),
    images: cache.section('images', isImageEstimate),
    save: () => cache.save(),
  }
}
