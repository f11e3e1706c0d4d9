import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PerfgateError } from '../../../core/model/errors.js'
import { writeFileAtomic } from '../../../core/report/atomic-write.js'
import { renderJson } from '../../../core/report/json.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { writeReports } from '../../../core/report/write.js'
import { CLI } from '../../helpers/paths.js'
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

  it('a full disk leaves the previous report whole and no temporary file (real CLI under a file-size limit)', async () => {
    // The file-size limit (ulimit -f, KiB) stands for a full disk: writes past it fail with EFBIG, as
    // ENOSPC would, after part of the data went out. report.json and report.md fit; report.html does not.
    await writeFile(
      join(dir, 'perfgate.config.mjs'),
      `export default { plugins: [{ name: 'perfgate:fake', collect: () => ({ metrics: [
        { id: 'fake/size', title: 'Size', unit: 'bytes', better: 'lower', value: Number(process.env.SIZE) },
      ] }) }] }\n`,
    )
    const run = (size: number, limitKiB?: number) =>
      spawnSync(
        'bash',
        [
          '-c',
          `${limitKiB ? `ulimit -f ${limitKiB} && ` : ''}exec "$0" "$1" run --no-compare`,
          process.execPath,
          CLI,
        ],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', SIZE: String(size) } },
      )
    expect(run(1000).status).toBe(0)
    const html = join(dir, '.perfgate/report.html')
    const before = await readFile(html, 'utf8')
    expect(before.length).toBeGreaterThan(32 * 1024)
    expect(before.trimEnd().endsWith('</html>')).toBe(true)

    const full = run(2000, 16)
    expect(full.status).toBe(2)
    expect(full.stderr).toContain('Cannot write the reports into the output folder')
    expect(await readFile(html, 'utf8')).toBe(before) // the old page, whole: never a truncated one
    expect(await readdir(join(dir, '.perfgate'))).not.toContainEqual(expect.stringMatching(/\.tmp$/))
    // What fitted was replaced whole: report.json is the new run's.
    expect(JSON.parse(await readFile(join(dir, '.perfgate/report.json'), 'utf8')).metrics[0].value).toBe(2000)
  })
})

describe('writeFileAtomic', () => {
  it('replaces the file whole, and removes its temporary file when the write cannot finish', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-atomic-'))
    try {
      const file = join(dir, 'report.html')
      await writeFileAtomic(file, 'one')
      await writeFileAtomic(file, 'two')
      expect(readFileSync(file, 'utf8')).toBe('two')
      // A folder where the file should go: the rename fails, and nothing is left behind.
      const blocked = join(dir, 'blocked')
      await mkdir(join(blocked, 'inside'), { recursive: true })
      await expect(writeFileAtomic(blocked, 'three')).rejects.toThrow()
      expect(readdirSync(dir).sort()).toEqual(['blocked', 'report.html'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
