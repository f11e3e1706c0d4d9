import { extname } from 'node:path'
import { stripContentHash, toIdPath } from '../../core/toolkit/index.js'
import type { AssetKind } from './types.js'

const IMAGES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.bmp', '.apng'])
const FONTS = new Set(['.woff', '.woff2', '.ttf', '.otf', '.eot'])

export function assetKind(file: string): AssetKind {
  const ext = extname(file).toLowerCase()
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'js'
  if (ext === '.css') return 'css'
  if (ext === '.html' || ext === '.htm') return 'html'
  if (IMAGES.has(ext)) return 'images'
  if (FONTS.has(ext)) return 'fonts'
  return 'other'
}

/** Hash-free metric names for every file; files that collapse onto one name get `-2`, `-3` in order. */
export function assignNames(files: Array<{ file: string; raw: number }>): Map<string, string> {
  const groups = new Map<string, Array<{ file: string; raw: number }>>()
  for (const f of files) {
    const name = toIdPath(stripContentHash(f.file))
    const list = groups.get(name) ?? []
    list.push(f)
    groups.set(name, list)
  }
  const names = new Map<string, string>()
  // A file may itself be named like a numbered one (`untitled-2.png` beside two `untitled-*.png`): skip those.
  const taken = new Set(groups.keys())
  for (const [name, list] of groups) {
    // Largest first: the order least likely to swap between two builds of the same app.
    list.sort((a, b) => b.raw - a.raw || a.file.localeCompare(b.file))
    const ext = extname(name)
    let n = 1
    names.set(list[0].file, name)
    for (const f of list.slice(1)) {
      let numbered: string
      do numbered = `${name.slice(0, name.length - ext.length)}-${++n}${ext}`
      while (taken.has(numbered))
      taken.add(numbered)
      names.set(f.file, numbered)
    }
  }
  return names
}
