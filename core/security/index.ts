export {
  activeRedactor,
  addConfigSecrets,
  addSecrets,
  collectSecrets,
  createRedactor,
  pendingMasks,
  REDACTED,
  type RedactionOptions,
  Redactor,
  redact,
  resetRedactor,
  type Secret,
} from './redact.js'
export { redactError, redactPluginOutput, redactReport } from './report.js'
export {
  clipText,
  isWorkflowCommand,
  neutraliseCommand,
  type SanitizeOptions,
  sanitizeTerminal,
  stripControlsDeep,
  stripEscapes,
} from './sanitize.js'
export { httpLink, markdownLinkTarget } from './url.js'
