export { escapeHtml, httpUrl, jsonForScript, relativeHref } from './escape.js'
export { type PageParts, renderPage } from './page.js'
export { type HtmlOptions, renderHtml } from './report.js'
