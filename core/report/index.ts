export { outputWidth } from './columns.js'
export { type ConsoleOptions, renderConsole } from './console.js'
export { escapeMarkdown, markdownCode, markdownCodeBlock, neutraliseMentions } from './escape.js'
export {
  formatChange,
  formatDelta,
  formatDuration,
  formatPercent,
  formatValue,
  sortMetrics,
} from './format.js'
export { type HtmlOptions, renderHtml } from './html/index.js'
export { renderJson } from './json.js'
export {
  createLogger,
  createMemoryLogger,
  isInteractive,
  type LoggerOptions,
  type LogLevel,
} from './logger.js'
export { DEFAULT_MAX_LENGTH, type MarkdownOptions, renderMarkdown } from './markdown.js'
export { renderSarif, type SarifOptions } from './sarif.js'
export { type WrittenReports, writeReports } from './write.js'
