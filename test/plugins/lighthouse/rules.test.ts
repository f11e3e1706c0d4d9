import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchorOf } from '../../../core/plugin/docs.js'
import { ACCESSIBILITY_AUDITS, PERFORMANCE_AUDITS } from '../../../plugins/lighthouse/audit-rules.js'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { REPO_ROOT } from '../../helpers/paths.js'

describe('lighthousePlugin rules', () => {
  it('declares a rule for each performance opportunity and diagnostic of the installed Lighthouse', async () => {
    const { defaultConfig } = await import('lighthouse')
    const refs = defaultConfig.categories?.performance.auditRefs ?? []
    const audited = refs
      .filter((ref) => ref.group === 'load-opportunities' || ref.group === 'diagnostics')
      .map((ref) => ref.id)
      .sort()
    expect(Object.keys(PERFORMANCE_AUDITS).sort()).toEqual(audited)
  })

  it('declares a rule for each accessibility audit of the installed Lighthouse', async () => {
    const { defaultConfig } = await import('lighthouse')
    const audited = (defaultConfig.categories?.accessibility.auditRefs ?? []).map((ref) => ref.id).sort()
    expect(Object.keys(ACCESSIBILITY_AUDITS).sort()).toEqual(audited)
    // One namespace: no accessibility audit shares an id with a performance one.
    for (const id of audited) expect(PERFORMANCE_AUDITS[id], id).toBeUndefined()
  })

  it('gives every rule a one-line description and a docs URL to a heading of docs/lighthouse.md', () => {
    const rules = lighthousePlugin.meta.rules ?? {}
    expect(Object.keys(rules)).toContain('lighthouse/page-failed')
    expect(Object.keys(rules)).toContain('lighthouse/unsized-images')
    for (const [id, rule] of Object.entries(rules)) {
      expect(rule.description, id).toMatch(/^[A-Z].*\.$/)
      expect(rule.description, id).not.toContain('\n')
      expect(rule.docs, id).toMatch(
        /^https:\/\/github\.com\/perfgate\/perfgate\/blob\/main\/docs\/lighthouse\.md#/,
      )
    }
    expect(rules['lighthouse/page-failed'].docs).toMatch(/#lighthousepage-failed$/)
    expect(rules['lighthouse/flow-failed'].docs).toMatch(/#lighthouseflow-failed$/)
    expect(rules['lighthouse/unsized-images'].docs).toMatch(/#audit-findings$/)
    expect(rules['lighthouse/image-alt'].docs).toMatch(/#accessibility-findings$/)
    const docs = readFileSync(join(REPO_ROOT, 'docs/lighthouse.md'), 'utf8')
    const anchors = [...docs.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1].replace(/`/g, '')))
    for (const [id, rule] of Object.entries(rules)) {
      expect(anchors, id).toContain(rule.docs?.split('#')[1])
      if (id !== 'lighthouse/page-failed' && id !== 'lighthouse/flow-failed')
        expect(docs.includes(`| \`${id}\` `), id).toBe(true)
    }
  })
})
