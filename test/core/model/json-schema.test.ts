import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportJsonSchema } from '../../../core/model/json-schema.js'
import { REPO_ROOT } from '../../helpers/paths.js'

describe('report.schema.json', () => {
  it('is up to date with the zod schema (regenerate with npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'core/model/report.schema.json'), 'utf8'))
    expect(committed).toEqual(reportJsonSchema())
  })
})
