/**
 * Escaping for text that comes from users, plugins or measured files (metric titles, ids, file names,
 * finding and error messages) before it goes into Markdown that GitHub renders: it must never become
 * HTML, Markdown markup, a table column, a notification or a cross-reference to another issue.
 */

// Zero-width joiner: `@\u200Dname` looks like `@name` but GitHub does not treat it as a mention.
const ZWJ = '\u200D'

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

// ASCII punctuation that can open Markdown or GFM markup anywhere in a line: emphasis, code, links and
// images (they need `[`), table cells, strikethrough, math. CommonMark lets any of them be backslash-escaped.
const MARKDOWN_SPECIAL = /[\\`*_[\]|~$]/g

/** Newlines and other control characters become spaces: one value, one line. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim()
}

/** `@name` → `@‍name` so that nobody gets pinged. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWJ}`)
}

/**
 * GitHub autolinks and cross-references made inert: `#123`, `owner/repo#5`, `GH-7` and links to issues
 * and pull requests (`…/issues/5`, `…/pull/5`) would otherwise link the comment into other threads
 * (and notify them). A zero-width joiner after `#`, `GH` or the path segment looks the same and links nothing.
 */
export function neutraliseReferences(text: string): string {
  return text
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWJ}-`)
    .replace(/\/(issues|pull|pulls|discussions)\/(?=\d)/gi, `/$1${ZWJ}/`)
}

/** Plain text for a Markdown paragraph, list item or table cell: rendered literally, on one line. */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text)
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c]!)
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    // At the start of a line `-`, `+`, `=`, `#` or `1.` could start a list, heading or underline.
    .replace(/^[-+=#]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
  return neutraliseReferences(neutraliseMentions(escaped))
}

/**
 * An inline code span holding `text` literally. Inside a GFM table cell a pipe would still end the cell,
 * so `table: true` escapes it (GFM removes that backslash before rendering the code span).
 */
export function markdownCode(text: string, options: { table?: boolean } = {}): string {
  let content = oneLine(text)
  if (options.table) content = content.replace(/\|/g, '\\|')
  if (content === '') return ''
  // The fence must be longer than any run of backticks inside.
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/** A fenced code block holding multi-line `text` literally (error messages, stack excerpts). */
export function markdownCodeBlock(text: string, language = 'text'): string {
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n${fence}`
}

/** Text inside an HTML comment (`<!-- … -->`): nothing in it can end the comment early. */
export function escapeHtmlComment(text: string): string {
  return oneLine(text)
    .replace(/--+/g, '-')
    .replace(/[<>]/g, (c) => HTML_ENTITIES[c]!)
}

/** Cuts text that is too long for one cell or paragraph, saying so. */
export function clip(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  return `${text.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`
}
