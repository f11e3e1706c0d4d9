import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../core/model/types.js'
import { renderHtml } from '../../../core/report/html/index.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { renderSarif } from '../../../core/report/sarif.js'
import { toReportEntries } from '../../../core/run/metrics.js'
import { httpLink, markdownLinkTarget } from '../../../core/security/url.js'
import { tempDir } from '../../helpers/paths.js'
import { makeReport } from '../../helpers/reports.js'

/** Issue 24, break 8: SARIF and Markdown passed `javascript:` docs URLs through as links. */

const HOSTILE = [
  'javascript:alert(document.domain)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\tjavascript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example\\x',
  'https:evil.example',
  'https:/\\evil.example',
  'https://trusted.example@evil.example/',
  ' https://evil.example/lead-blank',
  'docs/relative.md',
]

describe('httpLink and markdownLinkTarget', () => {
  it('accept absolute http(s) URLs only', () => {
    expect(httpLink('https://perfgate.dev/rules/x#a')).toBe('https://perfgate.dev/rules/x#a')
    expect(httpLink('HTTP://Example.com/a b')).toBe('http://example.com/a%20b')
    for (const url of HOSTILE) expect(httpLink(url), JSON.stringify(url)).toBeNull()
    expect(httpLink(undefined)).toBeNull()
  })

  it('percent-encode what could end a Markdown link', () => {
    expect(markdownLinkTarget('https://x.example/a)(b]"c')).toBe('https://x.example/a%29%28b%5D%22c')
  })
})

function finding(docs: string, i: number): Finding {
  return { plugin: 'perfgate:p', ruleId: `p/rule-${i}`, severity: 'warning', message: `message ${i}`, docs }
}

describe('hostile docs URLs in the reports', () => {
  const findings = HOSTILE.map(finding)
  const good = finding('https://docs.example/rule', 99)
  const report = makeReport({ findings: [...findings, good] })

  it('SARIF: no helpUri, no Markdown link and no "Documentation:" line for them; the http one kept', () => {
    const { dir, cleanup } = tempDir()
    try {
      const sarif = JSON.parse(renderSarif(report, { root: dir }))
      const rules = sarif.runs[0].tool.driver.rules as Array<{
        id: string
        helpUri?: string
        help: { text: string; markdown: string }
      }>
      for (const rule of rules.filter((r) => r.id !== 'p/rule-99')) {
        expect(rule.helpUri, rule.id).toBeUndefined()
        expect(rule.help.markdown).not.toContain('](')
        expect(rule.help.text).not.toContain('Documentation:')
      }
      const kept = rules.find((r) => r.id === 'p/rule-99')!
      expect(kept.helpUri).toBe('https://docs.example/rule')
      expect(kept.help.markdown).toContain('](https://docs.example/rule)')
      const text = JSON.stringify(sarif).toLowerCase()
      for (const scheme of ['javascript:', 'vbscript:', 'data:text', 'evil.example'])
        expect(text).not.toContain(scheme)
    } finally {
      cleanup()
    }
  })

  it('Markdown: the rule id kept as text, linked only to the http(s) docs', () => {
    const markdown = renderMarkdown(report)
    const targets = [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1])
    expect(targets).toEqual(['https://docs.example/rule'])
    expect(markdown).toContain('p/rule-0')
    const links = renderMarkdown(report, {
      runUrl: 'javascript:alert(1)',
      links: [{ label: 'evil', url: 'data:text/html,x' }],
    })
    expect([...links.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['https://docs.example/rule'])
  })

  it('HTML: no href but http(s), relative artifact paths aside', () => {
    const html = renderHtml(report)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    for (const href of hrefs) expect(href, href).toMatch(/^(https?:\/\/|#|[\w.-]+\/?)/)
    expect(html.toLowerCase()).not.toMatch(/href="\s*(javascript|data|vbscript):/)
  })

  it('the runner boundary drops a non-http docs URL a plugin gives', () => {
    const entries = toReportEntries(
      'perfgate:p',
      {
        findings: [
          { ruleId: 'a', severity: 'info', message: 'm', docs: 'javascript:alert(1)' },
          { ruleId: 'b', severity: 'info', message: 'm', docs: 'https://ok.example/b' },
        ],
      },
      { pluginOutDir: '/o/p', outDir: '/o' },
      {
        name: 'p',
        docs: 'https://ok.example',
        rules: { a: { description: 'A', docs: 'https://ok.example/a' } },
      },
    )
    expect(entries.findings.map((f) => f.docs)).toEqual(['https://ok.example/a', 'https://ok.example/b'])
  })
})
