import { describe, expect, it } from 'vitest'
import { escapeMarkdown, neutraliseReferences } from '../../../core/report/escape.js'

/** What GitHub would turn into a link or cross-reference in a comment. */
const LINKING = [/(^|[^\w\u200D])#\d/, /\w\/\w+#\d/, /\bGH-\d/i, /@\w/, /\/(issues|pull)\/\d/]

describe('cross-references in posted text', () => {
  it('neutralises #123, owner/repo#5, GH-7, mentions and issue links, and keeps the text readable', () => {
    const text = 'Fixes #123, owner/repo#5 and gh-7 for @octocat: https://github.com/o/r/issues/9 and /pull/3'
    const out = escapeMarkdown(text)
    for (const pattern of LINKING) expect(pattern.test(out), `${pattern}: ${out}`).toBe(false)
    expect(out.replace(/\u200D/g, '')).toBe(text)
  })

  it('leaves numbers, headings-like text and plain hashes without digits alone', () => {
    expect(neutraliseReferences('C# and #hashtag, 12 apples')).toBe('C# and #hashtag, 12 apples')
    expect(escapeMarkdown('#1 at the start').startsWith('\\#')).toBe(true)
  })
})
