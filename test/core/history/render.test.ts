import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBaselineStore } from '../../../core/baseline/index.js'
import { writeHistory } from '../../../core/history/index.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { tempDir } from '../../helpers/paths.js'
import { commit, gitConfig, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'
import { historyReport, noise } from './world.js'

/**
 * Issue 24, point 9: bidi controls in untrusted text reached the history page's tooltip (the chart info
 * line is drawn from the commit subject and the CPU name). Real git repository, real store, real page.
 */

// Every bidi control and mark: embeddings and overrides, isolates, LRM/RLM, the Arabic letter mark.
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']
const MARKS = ['\u200e', '\u200f', '\u061c']
const ANY_BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/

let home: string
let world: World
const out = tempDir('perfgate-history-bidi-')

beforeAll(async () => {
  home = await isolateGit()
  world = await makeWorld(2)
  // A commit whose subject reverses what follows it, as a "Trojan Source" subject would.
  const subject = `fix ${BIDI.join('')}gnp.exe${MARKS.join('')} typo`
  const sha = await commit(world.project, subject)
  await sh(world.project, ['push', '-q', 'origin', 'main'])
  const random = noise(3)
  const reports = [...world.main, sha].map((s, i) => {
    const report = historyReport(s, i, { stepAt: 99, otherCpu: i === 2 ? [2] : [], random })
    if (i === 2) report.host = { ...report.host, cpuModel: `Evil \u202eUPC\u202c CPU` }
    report.metrics[0]!.title = `LCP \u2067home\u2069`
    return report
  })
  const store = createBaselineStore(gitConfig(world.project), { logger: createMemoryLogger() })
  await store.save(reports)
}, 60_000)
afterAll(async () => {
  await world?.cleanup()
  await rm(home, { recursive: true, force: true })
  out.cleanup()
})

describe('the history page and bidi controls', () => {
  it('shows commit subjects, CPU names and titles without a single bidi control, in text or tooltip data', async () => {
    const written = await writeHistory(
      { ...gitConfig(world.project), budgets: [] },
      {
        outDir: join(out.dir, 'page'),
        last: 100,
        logger: createMemoryLogger(),
      },
    )
    expect(written.records).toBe(3)
    const html = readFileSync(written.file, 'utf8')
    expect(html).not.toMatch(ANY_BIDI)
    // The JSON block the tooltips are drawn from holds the text, minus the controls.
    const data = JSON.parse(
      /<script type="application\/json" id="perfgate-data">([\s\S]*?)<\/script>/.exec(html)![1]!,
    )
    expect(data.commits.map((c: { subject: string }) => c.subject)).toContain('fix gnp.exe typo')
    expect(data.cpus).toContain('Evil UPC CPU · 8 cores')
    expect(data.metrics[0].title).toBe('LCP home')
  })
})
