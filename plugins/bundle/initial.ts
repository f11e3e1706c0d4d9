import { posix } from 'node:path'
import { htmlReferences } from '../../core/toolkit/html.js'

type Lexer = typeof import('es-module-lexer')
let lexerModule: Promise<Lexer> | undefined

/** es-module-lexer (the one Vite uses), loaded and its WebAssembly started on first use. */
function loadLexer(): Promise<Lexer> {
  lexerModule ??= import('es-module-lexer').then(async (lexer) => {
    await lexer.init
    return lexer
  })
  return lexerModule
}

/** Resolves a URL found in `from` to a path relative to the built folder, or null when it points elsewhere. */
export function resolveReference(url: string, from: string, files: Set<string>, base = '/'): string | null {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) return null
  const clean = url.split(/[?#]/)[0]
  if (!clean) return null
  let path: string
  if (clean.startsWith('/')) {
    const trimmed = clean.startsWith(base) ? clean.slice(base.length) : clean.slice(1)
    path = posix.normalize(trimmed)
  } else {
    path = posix.normalize(posix.join(posix.dirname(from), clean))
  }
  path = path.replace(/^\.\//, '')
  if (files.has(path)) return path
  // A base other than `/` we did not know about: try the path without its first segment.
  const rest = path.split('/').slice(1).join('/')
  return files.has(rest) ? rest : null
}

/** `rel=preload` fetches these at start: a script or a stylesheet (often turned into one by `onload`). */
const PRELOADED = new Set(['script', 'style'])

/**
 * Scripts, modulepreloads, stylesheets and preloaded scripts and styles an HTML page loads before any
 * interaction, read by an HTML parser (nothing inside `<template>`, `<noscript>`, comments or inline scripts).
 */
export async function htmlEntryReferences(html: string, page: string, files: Set<string>): Promise<string[]> {
  const refs: string[] = []
  for (const { tag, url, rel, attributes } of await htmlReferences(html)) {
    // A `nomodule` script is the legacy build (@vitejs/plugin-legacy): browsers that run modules never fetch it.
    const loads =
      (tag === 'script' && attributes.nomodule === undefined) ||
      rel.includes('stylesheet') ||
      rel.includes('modulepreload') ||
      (rel.includes('preload') && PRELOADED.has((attributes.as ?? '').trim().toLowerCase()))
    const path = loads ? resolveReference(url, page, files) : null
    if (path) refs.push(path)
  }
  return refs
}

/**
 * The static imports and re-exports of a JS module, as paths in the built folder, read by es-module-lexer:
 * `import()` is lazy and left out, and `import` inside strings, comments or template literals is not one.
 * A file the lexer cannot read has none: a classic script imports nothing, a module that does not parse never runs.
 */
export async function staticImports(code: string, file: string, files: Set<string>): Promise<string[]> {
  const { parse } = await loadLexer()
  let imports: ReturnType<Lexer['parse']>[0]
  try {
    ;[imports] = parse(code, file)
  } catch {
    return []
  }
  const out: string[] = []
  for (const entry of imports) {
    // d is -1 for a static import or re-export (-2 import.meta, else where an `import(` starts).
    const spec = entry.d === -1 ? entry.n : undefined
    if (!spec || (!spec.startsWith('.') && !spec.startsWith('/'))) continue
    const path = resolveReference(spec, file, files)
    if (path) out.push(path)
  }
  return out
}

/**
 * What the HTML entries load up front: their scripts, modulepreloads, stylesheets and preloads, plus everything those
 * scripts import statically, transitively. Dynamic `import()` targets stay out (lazy).
 */
export async function initialFiles(
  htmlPages: string[],
  read: (file: string) => string,
  files: Set<string>,
): Promise<Set<string>> {
  const initial = new Set<string>()
  const queue: string[] = []
  for (const page of htmlPages) {
    for (const ref of await htmlEntryReferences(read(page), page, files)) {
      if (!initial.has(ref)) {
        initial.add(ref)
        queue.push(ref)
      }
    }
  }
  while (queue.length > 0) {
    const file = queue.shift()!
    if (!/\.(m?js)$/i.test(file)) continue
    for (const dep of await staticImports(read(file), file, files)) {
      if (!initial.has(dep)) {
        initial.add(dep)
        queue.push(dep)
      }
    }
  }
  return initial
}
