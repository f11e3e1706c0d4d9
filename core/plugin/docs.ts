/** Where perfgate's docs live; docs URLs must work from the npm page, so they are absolute. */
export const DOCS_BASE = 'https://github.com/perfgate/perfgate/blob/main/docs/'

/** The URL of a page of perfgate's docs, with an optional anchor (`bundle.md`, `bundle/large-dependency`). */
export function docsUrl(page: string, anchor?: string): string {
  return `${DOCS_BASE}${page}${anchor ? `#${anchorOf(anchor)}` : ''}`
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces as hyphens. */
export function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-')
}
