import { join } from 'node:path'
import { type Migration, mergeMigrations, translate } from '../../../../core/config/migrate/index.js'
import { fixture } from '../../../helpers/paths.js'

/** The merged translation of a real config in test/fixtures/migrate/<folder>. */
export async function translated(folder: string, file: string): Promise<Migration> {
  const { migrations } = await translate([file], join(fixture('migrate'), folder))
  return mergeMigrations(migrations)
}

/** `key → why` of the untranslated keys, for assertions that name what was listed. */
export const untranslatedKeys = (m: Migration) => m.untranslated.map((n) => n.key)
export const noteKeys = (m: Migration) => m.notes.map((n) => n.key)

/** `id → { max, min, disabled }` of the budgets. */
export function budgetsOf(m: Migration) {
  return Object.fromEntries(
    m.budgets.map((b) => [
      `${b.disabled ? '// ' : ''}${b.id}`,
      b.max !== undefined ? { max: b.max } : { min: b.min },
    ]),
  )
}
