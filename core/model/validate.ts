import { PerfgateError } from './errors.js'
import { formatIssuePath, pluginOutputSchema, reportSchema } from './schema.js'
import type { PluginOutput, RunReport } from './types.js'

/** Checks a plugin's output; the error names the plugin, the metric and the field. */
export function validatePluginOutput(plugin: string, output: unknown): PluginOutput {
  const parsed = pluginOutputSchema.safeParse(output ?? {})
  if (parsed.success) return parsed.data as PluginOutput
  const issue = parsed.error.issues[0]
  const [list, index] = issue.path
  let subject = ''
  if (typeof index === 'number' && output && typeof output === 'object') {
    const entry = (output as Record<string, unknown[]>)[String(list)]?.[index] as { id?: unknown } | undefined
    if (list === 'metrics' && typeof entry?.id === 'string') subject = ` metric "${entry.id}"`
  }
  throw new PerfgateError(
    'PLUGIN_OUTPUT_INVALID',
    `${plugin} returned a malformed${subject || ' output'}: ${formatIssuePath(issue.path)} ${issue.message}`,
    {
      hint: 'Plugins must return { metrics, findings, artifacts } as documented in README "Writing a plugin".',
    },
  )
}

/** Result of reading a report: the report, or why it cannot be used. */
export type ParsedReport = { ok: true; report: RunReport } | { ok: false; reason: string }

export function parseReport(data: unknown): ParsedReport {
  if (data && typeof data === 'object' && 'schemaVersion' in data && data.schemaVersion !== 1) {
    return {
      ok: false,
      reason: `unknown schemaVersion ${JSON.stringify(data.schemaVersion)} (this perfgate reads 1)`,
    }
  }
  const parsed = reportSchema.safeParse(data)
  if (parsed.success) return { ok: true, report: parsed.data as unknown as RunReport }
  const issue = parsed.error.issues[0]
  return { ok: false, reason: `${formatIssuePath(issue.path)} ${issue.message}` }
}
