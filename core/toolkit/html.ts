/** A `<script src>` or `<link href>` of an HTML page, as a browser running scripts reads it. */
export interface HtmlReference {
  tag: 'script' | 'link'
  /** The `src` or `href`, entities decoded. */
  url: string
  /** The `rel` tokens, lower-cased (none for a script). */
  rel: string[]
  /** Every attribute, names lower-cased; of a repeated attribute the first, as browsers keep. */
  attributes: Record<string, string>
}

type Parser = typeof import('htmlparser2').Parser
let parserModule: Promise<Parser> | undefined

/** htmlparser2, loaded on first use: the CLI starts without it. */
function loadParser(): Promise<Parser> {
  parserModule ??= import('htmlparser2').then((m) => m.Parser)
  return parserModule
}

// `<template>` content is inert; `<noscript>` content is text when scripting is on. Neither is fetched.
const INERT = new Set(['template', 'noscript'])

/**
 * The scripts and links of a page that a browser with scripting on would see, in document order: not inside
 * `<template>` or `<noscript>`, comments, or the text of `<script>`, `<style>`, `<textarea>` and `<title>`
 * (htmlparser2 tokenizes those as text, as browsers do).
 */
export async function htmlReferences(html: string): Promise<HtmlReference[]> {
  const Parser = await loadParser()
  const refs: HtmlReference[] = []
  let inert = 0
  const parser = new Parser({
    onopentag(name, attributes) {
      if (INERT.has(name)) inert++
      if (inert > 0) return
      const url = name === 'script' ? attributes.src : name === 'link' ? attributes.href : undefined
      if (!url?.trim()) return
      const rel = (attributes.rel ?? '')
        .toLowerCase()
        .split(/[\t\n\f\r ]+/)
        .filter(Boolean)
      refs.push({ tag: name as HtmlReference['tag'], url: url.trim(), rel, attributes })
    },
    onclosetag(name) {
      if (INERT.has(name) && inert > 0) inert--
    },
  })
  parser.end(html)
  return refs
}
