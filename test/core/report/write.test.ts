import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PerfgateError } from '../../../core/model/errors.js'
import { renderJson } from '../../../core/report/json.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { writeReports } from '../../../core/report/write.js'
import { loadFixture } from './helpers.js'

describe('writeReports', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfgate-report-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes report.json and report.md, creating the folder', async () => {
    const report = loadFixture('regression-report')
    const out = join(dir, 'nested', '.perfgate')
    const paths = await writeReports(report, out)
    expect(paths).toEqual({
      json: join(out, 'report.json'),
      markdown: join(out, 'report.md'),
      html: join(out, 'report.html'),
    })
    const json = await readFile(paths.json, 'utf8')
    expect(json).toBe(renderJson(report))
    expect(json.endsWith('}\n')).toBe(true)
    expect(JSON.parse(json)).toEqual(report)
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderMarkdown(report))
  })

  it('fails with OUTPUT_UNWRITABLE, naming the folder, when a file blocks the path', async () => {
    const blocker = join(dir, 'not-a-folder')
    await writeFile(blocker, 'x')
    const out = join(blocker, 'out')
    const error = await writeReports(loadFixture('regression-report'), out).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    const perfgateError = error as PerfgateError
    expect(perfgateError.code).toBe('OUTPUT_UNWRITABLE')
    expect(perfgateError.exitCode).toBe(2)
    expect(perfgateError.message).toContain(out)
    expect(perfgateError.hint).toMatch(/--out/)
  })
})
