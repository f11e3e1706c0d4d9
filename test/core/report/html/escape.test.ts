import { describe, expect, it } from 'vitest'
import { escapeHtml, httpUrl, jsonForScript, relativeHref } from '../../../../core/report/html/escape.js'

describe('HTML escaping', () => {
  it('escapes every character that could open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('writes JSON that no value can break out of a script element with', () => {
    const text = jsonForScript({ title: '</script><script>alert(1)</script><!--', sep: '\u2028' })
    expect(text).not.toMatch(/<\/?script|<!--|\u2028/)
    expect(JSON.parse(text)).toEqual({ title: '</script><script>alert(1)</script><!--', sep: '\u2028' })
  })

  it('links only http(s) URLs', () => {
    expect(httpUrl('https://example.com/docs#rule')).toBe('https://example.com/docs#rule')
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'not a url',
      undefined,
    ])
      expect(httpUrl(bad)).toBeNull()
  })

  it('makes relative file links, encoded, and refuses schemes, absolute paths and ..', () => {
    expect(relativeHref('lighthouse/home page.report.html')).toBe('lighthouse/home%20page.report.html')
    expect(relativeHref('bundle/treemap.html', '../.perfgate')).toBe('../.perfgate/bundle/treemap.html')
    for (const bad of ['javascript:alert(1)', '/etc/passwd', '../secret.html', 'a/../../b', ''])
      expect(relativeHref(bad)).toBeNull()
  })
})
