import { describe, expect, it } from 'vitest'
import { renderConsole } from '../../../core/report/console.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { loadFixture } from './helpers.js'

// Reports of real runs on a fresh create-vite React + TypeScript app (test/scenarios/create-vite.sh),
// with perfgate's version normalised: what a reviewer reads for each kind of pull request.
const CASES = [
  { name: 'first-run', terminal: 60, comment: 40 },
  { name: 'harmless-pr', terminal: 40, comment: 25 },
  { name: 'large-dependency-pr', terminal: 60, comment: 40 },
] as const

describe.each(CASES)('the $name report', ({ name, terminal, comment }) => {
  const report = loadFixture(name)

  it(`reads in under ${terminal} terminal lines of at most 80 columns`, async () => {
    const text = renderConsole(report, { width: 80 })
    const lines = text.trimEnd().split('\n')
    expect(lines.length).toBeLessThan(terminal)
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
    await expect(text).toMatchFileSnapshot(`./__snapshots__/${name}.console.txt`)
  })

  it(`comments in under ${comment} lines, folds left closed`, async () => {
    const markdown = renderMarkdown(report, { marker: 'perfgate' })
    // What a reviewer reads before opening a fold (<details> keeps its summary line).
    const shown = markdown.replace(/(<details><summary>.*<\/summary>)[\s\S]*?<\/details>/g, '$1')
    expect(shown.trimEnd().split('\n').length).toBeLessThan(comment)
    await expect(markdown).toMatchFileSnapshot(`./__snapshots__/${name}.md.snap`)
  })
})

describe('what each case says', () => {
  it('the harmless change passes with no regression and no host figure judged', () => {
    const report = loadFixture('harmless-pr')
    expect(report.summary.verdict).toBe('pass')
    expect(report.summary.regressions).toBe(0)
    const host = report.metrics.filter((m) => m.id.startsWith('host/'))
    expect(host.length).toBeGreaterThan(0)
    expect(host.every((m) => m.verdict === 'none')).toBe(true)
  })

  it('the large dependency fails on the headline sizes and the page weight, one row each', () => {
    const report = loadFixture('large-dependency-pr')
    expect(report.summary.verdict).toBe('fail')
    const regressed = report.metrics.filter((m) => m.verdict === 'regressed' && !m.role).map((m) => m.id)
    expect(regressed).toEqual(expect.arrayContaining(['bundle/initial-js/brotli', 'bundle/total/brotli']))
    // Other compressions, file types and files changed too, but only as detail.
    expect(
      regressed.every((id) =>
        /^bundle\/(total|initial-js|initial-css)\/brotli$|^lighthouse\/[^/]+\/bytes$/.test(id),
      ),
    ).toBe(true)
    expect(report.metrics.some((m) => m.role === 'detail' && m.verdict === 'regressed')).toBe(true)
  })
})
