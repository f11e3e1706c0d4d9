import { describe, expect, it } from 'vitest'
import {
  escapeMarkdown,
  markdownCode,
  markdownCodeBlock,
  neutraliseMentions,
} from '../../../core/report/escape.js'

describe('escapeMarkdown', () => {
  it('turns HTML into text and backslash-escapes inline markup', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(escapeMarkdown('**bold** | pipe')).toBe('\\*\\*bold\\*\\* \\| pipe')
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))')
    expect(escapeMarkdown('a &amp; b ~~c~~ $x$ `d`')).toBe('a &amp;amp; b \\~\\~c\\~\\~ \\$x\\$ \\`d\\`')
  })

  it('keeps one line and cannot start a block', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title')
    expect(escapeMarkdown('- item')).toBe('\\- item')
    expect(escapeMarkdown('1. item')).toBe('1\\. item')
    expect(escapeMarkdown('one\n\n# two\r\nthree')).toBe('one # two three')
  })

  it('pings nobody', () => {
    expect(escapeMarkdown('thanks @octocat and @acme/perf-team')).toBe(
      'thanks @\u200Doctocat and @\u200Dacme/perf-team',
    )
    expect(neutraliseMentions('mail a@b.c, lone @ sign')).toBe('mail a@\u200Db.c, lone @ sign')
  })
})

describe('markdownCode', () => {
  it('uses a fence longer than any backticks inside', () => {
    expect(markdownCode('src/a.ts')).toBe('`src/a.ts`')
    expect(markdownCode('a`b')).toBe('``a`b``')
    expect(markdownCode('`x`')).toBe('`` `x` ``')
    expect(markdownCode('')).toBe('')
  })

  it('escapes pipes only inside tables', () => {
    expect(markdownCode('a|b', { table: true })).toBe('`a\\|b`')
    expect(markdownCode('a|b')).toBe('`a|b`')
  })
})

describe('markdownCodeBlock', () => {
  it('cannot be closed by the text inside', () => {
    expect(markdownCodeBlock('x\n```\n<b>y</b>\n')).toBe('````text\nx\n```\n<b>y</b>\n````')
    expect(markdownCodeBlock('plain')).toBe('```text\nplain\n```')
  })
})
