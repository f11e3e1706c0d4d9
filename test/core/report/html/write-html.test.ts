import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { renderHtml } from '../../../../core/report/html/index.js'
import { writeReports } from '../../../../core/report/write.js'
import { tempDir } from '../../../helpers/paths.js'
import { loadFixture } from '../helpers.js'

const temp = tempDir('perfgate-write-html-')
afterEach(() => temp.cleanup())

describe('writeReports and report.html', () => {
  it('writes report.html beside report.json: one file with the chart library inlined and a CSP without network', async () => {
    const report = loadFixture('regression-report')
    const paths = await writeReports(report, join(temp.dir, '.perfgate'))
    expect(paths.html).toBe(join(temp.dir, '.perfgate', 'report.html'))
    const html = readFileSync(paths.html, 'utf8')
    expect(html).toBe(renderHtml(report))
    expect(html).toContain("default-src 'none'")
    expect(html).toMatch(/script-src 'sha256-[^']+' 'sha256-[^']+';/)
    expect(html).toContain('uPlot')
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/)
  })
})
