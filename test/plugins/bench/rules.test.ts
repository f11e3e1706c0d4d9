import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchorOf } from '../../../core/plugin/docs.js'
import { benchPlugin } from '../../../plugins/bench/index.js'
import { REPO_ROOT } from '../../helpers/paths.js'

/** GitHub's anchors of a markdown file's headings. */
function headingAnchors(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1].replace(/`/g, ''))))
}

describe('benchPlugin rules', () => {
  it('declares every rule id its source reports, and nothing else', () => {
    const dir = join(REPO_ROOT, 'plugins/bench')
    const reported = new Set<string>()
    for (const file of readdirSync(dir)) {
      // The declarations themselves do not count as reporting.
      const source = readFileSync(join(dir, file), 'utf8').replace(/rules: \{[\s\S]*?\n {4}\},/, '')
      for (const match of source.matchAll(/'(bench\/[a-z-]+)'/g)) reported.add(match[1])
    }
    expect(Object.keys(benchPlugin.meta.rules ?? {}).sort()).toEqual([...reported].sort())
  })

  it('links every rule to a heading of docs/bench.md, with a one-line description', () => {
    const anchors = headingAnchors('docs/bench.md')
    expect(benchPlugin.meta.docs).toBe('https://github.com/perfgate/perfgate/blob/main/docs/bench.md')
    for (const [id, rule] of Object.entries(benchPlugin.meta.rules ?? {})) {
      expect(rule.description, id).toMatch(/^[A-Z].*\.$/)
      const [page, anchor] = (rule.docs ?? '').split('#')
      expect(page, id).toBe(benchPlugin.meta.docs)
      expect([...anchors], id).toContain(anchor)
    }
  })
})
