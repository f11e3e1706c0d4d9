import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchorOf } from '../../../core/plugin/docs.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { BUILTIN_RULES } from '../../../plugins/config-lint/rules/index.js'
import { REPO_ROOT } from '../../helpers/paths.js'

const docs = readFileSync(join(REPO_ROOT, 'docs/config-lint.md'), 'utf8')

describe('every built-in rule', () => {
  for (const [id, rule] of Object.entries(BUILTIN_RULES)) {
    it(`${id}: meta, a docs heading, and a test file`, () => {
      expect(rule.meta.id).toBe(id)
      expect(rule.meta.docs.url).toBe(
        `https://github.com/perfgate/perfgate/blob/main/docs/config-lint.md#${anchorOf(id)}`,
      )
      expect(docs).toContain(`\n### ${id}\n`)
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0)
      if (rule.meta.schema) expect(rule.meta.defaultOptions).toEqual(rule.meta.schema.parse({}))
      // Engine-reported rules are tested through the plugin; the others have valid/invalid cases.
      const engine = ['config-lint/parse-error', 'redis/unreachable', 'cache/url-unreachable'].includes(id)
      if (!engine) {
        const test = readFileSync(
          join(REPO_ROOT, 'test/plugins/config-lint/rules', `${id.replace('/', '-')}.test.ts`),
          'utf8',
        )
        expect(test).toContain('valid: [')
        expect(test).toContain('invalid: [')
      }
    })
  }

  it('is listed in the plugin meta with its description and docs', () => {
    const plugin = configLintPlugin()
    expect(Object.keys(plugin.meta?.rules ?? {}).sort()).toEqual(Object.keys(BUILTIN_RULES).sort())
    expect(plugin.meta?.rules?.['secrets/in-config']?.docs).toBe(
      BUILTIN_RULES['secrets/in-config'].meta.docs.url,
    )
  })
})
