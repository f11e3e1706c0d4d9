import type { Finding } from '../model/types.js'
import { stripEscapes } from '../security/sanitize.js'

/**
 * Workflow commands (`::error file=…::message`) as the Actions runner parses them. Escaping follows the
 * runner's own rules (actions/toolkit `command.ts`): data escapes `%`, CR and LF; property values also
 * escape `:` and `,`, which would otherwise end the property.
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * `::name key=value,…::message` with every part escaped. Escape sequences and control characters are
 * removed first: the job log renders ANSI codes, and a property or message holds untrusted text.
 */
export function workflowCommand(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeCommandProperty(stripEscapes(String(value)))}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(stripEscapes(message))}`
}

const COMMAND_FOR_SEVERITY = { error: 'error', warning: 'warning', info: 'notice' } as const

/** One annotation command per finding; `file` must already be relative to the repository root. */
export function findingAnnotation(finding: Finding, file: string | undefined): string {
  return workflowCommand(
    COMMAND_FOR_SEVERITY[finding.severity],
    {
      title: `${finding.plugin} ${finding.ruleId}`,
      file,
      line: file ? finding.line : undefined,
      col: file && finding.line ? finding.column : undefined,
      endLine: file && finding.line ? finding.endLine : undefined,
      endColumn: file && finding.line ? finding.endColumn : undefined,
    },
    finding.help ? `${finding.message}\n${finding.help}` : finding.message,
  )
}

/** Asks the runner to mask a secret in every later log line. Only meaningful inside GitHub Actions. */
export function addMaskCommand(secret: string): string {
  return `::add-mask::${escapeCommandData(secret)}`
}
