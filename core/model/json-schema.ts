import { z } from 'zod'
import { reportSchema } from './schema.js'

/** The JSON Schema of report.json v1, derived from the zod schema perfgate itself validates with. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://unpkg.com/perfgate/core/model/report.schema.json',
    title: 'perfgate report.json (schemaVersion 1)',
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12', io: 'output' }),
  }
}
