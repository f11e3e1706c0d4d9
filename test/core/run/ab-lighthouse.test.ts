import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../core/report/logger.js'
import { run } from '../../../core/run/run.js'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { tempDir } from '../../helpers/paths.js'
import { processesMentioning, profilesFrom, requireChrome } from '../../plugins/lighthouse/chrome-helpers.js'
import { pageHtml } from './ab-helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})
beforeAll(() => {
  requireChrome()
})

describe('perfgate run --ab-dir with Lighthouse', () => {
  it('audits the page on both sides with real Chromium, interleaved, alternating which side goes first', async () => {
    const tmp = tempDir('perfgate-ab-lh-')
    cleanups.push(tmp.cleanup)
    const head = join(tmp.dir, 'head')
    const base = join(tmp.dir, 'base')
    for (const [dir, block] of [
      [head, 0],
      [base, 0],
    ] as const) {
      await mkdir(join(dir, 'dist'), { recursive: true })
      await writeFile(join(dir, 'dist/index.html'), pageHtml('Home', block))
    }
    const lines: string[] = []
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l), color: false })
    const result = await run({
      cwd: head,
      config: {
        plugins: [lighthousePlugin({ staticDistDir: 'dist', urls: ['/'], chromePath: requireChrome() })],
        ab: { plan: { min: 2, step: 1, max: 3 } },
      },
      ab: { dir: base },
      logger,
      progress: false,
      write: false,
    })
    expect(result.report.plugins[0]).toMatchObject({ name: 'perfgate:lighthouse', status: 'ok' })
    const fcp = result.report.metrics.find((m) => m.id === 'lighthouse/home/fcp')
    expect(fcp?.baseline?.source).toBe('same-job')
    expect(fcp?.samples?.length).toBeGreaterThanOrEqual(2)
    expect(fcp?.baseline?.samples?.length).toBe(fcp?.samples?.length)
    // Progress says which side and round runs; round 1 head first, round 2 base first.
    const order = lines.flatMap((l) => {
      const m = /perfgate:lighthouse: (head|base) · round (\d+)\/\d+ · look \d+\/\d+$/.exec(l)
      return m ? [`${m[1]}${m[2]}`] : []
    })
    expect(order.slice(0, 4)).toEqual(['head1', 'base1', 'base2', 'head2'])
    // The head's reports are kept; the base's went to their own folder. No Chrome is left.
    expect(result.report.artifacts.some((a) => a.path.endsWith('home.report.html'))).toBe(true)
    // One Chrome per side for all rounds (ctx.keep), not one per round.
    expect(fcp?.samples?.length).toBeGreaterThanOrEqual(2)
    expect(profilesFrom(lines)).toHaveLength(2)
    for (const profile of profilesFrom(lines)) {
      expect(processesMentioning(profile)).toEqual([])
      expect(existsSync(profile)).toBe(false)
    }
  }, 240_000)
})
