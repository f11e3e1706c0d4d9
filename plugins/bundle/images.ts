import { readFile, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { FindingInput, Logger } from '../../core/model/types.js'
import { errorMessage } from '../../core/toolkit/index.js'
import type { SizeCache } from './cache.js'
import type { AssetSize, ImageOptions } from './types.js'

type Format = 'png' | 'jpeg' | 'webp' | 'avif'
type Sharp = typeof import('sharp')['default']

const FORMAT_OF: Record<string, Format> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.avif': 'avif',
}

export function imageFormat(file: string): Format | undefined {
  return FORMAT_OF[extname(file).toLowerCase()]
}

/** sharp is optional: null (with one warning) when it is not installed or cannot load on this platform. */
export async function loadSharp(logger: Logger): Promise<Sharp | null> {
  try {
    const mod = (await import('sharp')) as unknown as { default?: Sharp }
    return (mod.default ?? mod) as Sharp
  } catch (error) {
    logger.warn(
      `Image analysis skipped: sharp could not be loaded (${errorMessage(error)}). Install it with \`npm i -D sharp\`.`,
    )
    return null
  }
}

/** Re-encodes in the same format with settings close to what image CDNs use (visually near-lossless). */
export async function reencode(sharp: Sharp, data: Buffer, format: Format): Promise<Buffer> {
  const image = sharp(data, { failOn: 'error' })
  switch (format) {
    case 'png':
      return image.png({ compressionLevel: 9, effort: 10, palette: true, quality: 90 }).toBuffer()
    case 'jpeg':
      return image.jpeg({ mozjpeg: true, quality: 80 }).toBuffer()
    case 'webp':
      return image.webp({ quality: 80, effort: 6 }).toBuffer()
    case 'avif':
      return image.avif({ quality: 50, effort: 4 }).toBuffer()
  }
}

export interface ImageResult {
  findings: FindingInput[]
  /** Bytes removed from the folder by `optimize`. */
  saved: number
  /** Files rewritten by `optimize`. */
  optimized: string[]
}

/**
 * Estimates (and with `optimize`, applies) what sharp saves on each image. A file that cannot be decoded is
 * skipped with a warning naming it; a file is only ever replaced by a smaller one.
 */
export async function processImages(
  dir: string,
  assets: AssetSize[],
  contents: Map<string, Buffer>,
  options: ImageOptions,
  cache: SizeCache,
  logger: Logger,
  /** Stop re-encoding new images at this time (ms since the epoch): the plugin's timeout is near. */
  until = Number.POSITIVE_INFINITY,
): Promise<ImageResult> {
  const result: ImageResult = { findings: [], saved: 0, optimized: [] }
  const formats = new Set(options.formats ?? ['png', 'jpeg', 'webp', 'avif'])
  const images = assets.filter((a) => {
    const format = imageFormat(a.file)
    return format !== undefined && formats.has(format)
  })
  if (images.length === 0 || (options.analyze === false && !options.optimize)) return result
  const sharp = await loadSharp(logger)
  if (!sharp) return result
  const threshold = options.threshold ?? 0.1
  let stopped = 0
  for (const asset of images) {
    const cached = options.optimize ? undefined : cache.images.get(asset.hash)
    if (!cached && Date.now() >= until) {
      stopped++
      continue
    }
    // Images are not kept in memory by the size analysis: read one at a time.
    const data = contents.get(asset.file) ?? (await readFile(join(dir, asset.file)))
    let smaller: Buffer | null = null
    let optimizedSize: number | null
    if (cached) optimizedSize = cached.optimized
    else {
      try {
        smaller = await reencode(sharp, data, imageFormat(asset.file)!)
        optimizedSize = smaller.length
      } catch (error) {
        optimizedSize = null
        logger.warn(`Skipping image ${asset.file}: sharp cannot decode it (${errorMessage(error)}).`)
      }
      cache.images.set(asset.hash, { optimized: optimizedSize })
    }
    if (optimizedSize === null || optimizedSize >= data.length) continue
    const saving = data.length - optimizedSize
    if (options.optimize && smaller) {
      await writeFile(join(dir, asset.file), smaller)
      contents.set(asset.file, smaller)
      result.saved += saving
      result.optimized.push(asset.file)
    } else if (saving / data.length > threshold) {
      result.findings.push({
        ruleId: 'bundle/image-could-shrink',
        severity: 'info',
        message: `${asset.file} could be ${(saving / 1000).toFixed(1)} kB smaller (${Math.round((saving / data.length) * 100)} %) re-encoded with sharp.`,
        file: asset.file,
        help: 'Compress it before committing (squoosh, sharp), or let perfgate do it after the build with `images: { optimize: true }`.',
      })
    }
  }
  if (stopped > 0)
    logger.warn(
      `Image analysis stopped before ${stopped} of ${images.length} image(s): the plugin's timeout is near. Those analysed are cached, so the next run goes on from there; or raise the plugin's timeout.`,
    )
  if (result.optimized.length > 0)
    logger.info(
      `Optimised ${result.optimized.length} image(s), ${(result.saved / 1000).toFixed(1)} kB saved.`,
    )
  return result
}
