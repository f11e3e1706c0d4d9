import { createHash } from 'node:crypto'
import { chartLibrary } from './assets.js'
import { escapeHtml, jsonForScript } from './escape.js'
import { PAGE_STYLE } from './style.js'

export interface PageParts {
  title: string
  /** Escaped HTML of the page's content. */
  body: string
  /** What the page's script reads (from a JSON data block, never evaluated). */
  data: unknown
  /** The page's own script: plain JavaScript that reads the data block `#perfgate-data`. */
  script: string
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

/**
 * One self-contained HTML file. Its Content-Security-Policy allows no network at all and runs only
 * the two scripts written here (by hash), so even text that escaped escaping could not run or load
 * anything.
 */
export function renderPage(parts: PageParts): string {
  const chart = chartLibrary()
  const style = `${chart.style}\n${PAGE_STYLE}`
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(chart.script)} ${sha256(parts.script)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(parts.title)}</title>
<style>${style}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="perfgate-data">${jsonForScript(parts.data)}</script>
<script>${chart.script}</script>
<script>${parts.script}</script>
</body>
</html>
`
}
