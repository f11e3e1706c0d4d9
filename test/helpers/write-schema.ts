// Regenerates core/model/report.schema.json from the zod schema: npm run schema
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { reportJsonSchema } from '../../core/model/json-schema.js'
import { REPO_ROOT } from './paths.js'

writeFileSync(
  join(REPO_ROOT, 'core/model/report.schema.json'),
  `${JSON.stringify(reportJsonSchema(), null, 2)}\n`,
)
