import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { runPlugin } from 'perfgate/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { fileSizesPlugin } from './index.js'

const project = mkdtempSync(join(tmpdir(), 'file-sizes-'))
afterAll(() => rmSync(project, { recursive: true, force: true }))

describe('fileSizesPlugin, run as perfgate runs it', () => {
  it('measures raw and brotli sizes of each file', async () => {
    const text = 'export const answer = 42\n'.repeat(200)
    writeFileSync(join(project, 'entry.js'), text)
    const run = await runPlugin(fileSizesPlugin({ files: [{ name: 'entry', path: 'entry.js' }] }), {
      cwd: project,
    })
    expect(run.result.status).toBe('ok')
    expect(run.metric('file-sizes/entry/raw').value).toBe(Buffer.byteLength(text))
    const brotli = brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
    expect(run.metric('file-sizes/entry/brotli').value).toBe(brotli)
    expect(run.metric('file-sizes/entry/raw').role).toBe('detail')
  })

  it('reports a missing file as a finding with its docs, and still measures the others', async () => {
    writeFileSync(join(project, 'b.js'), 'b')
    const run = await runPlugin(
      fileSizesPlugin({
        files: [
          { name: 'a', path: 'missing.js' },
          { name: 'b', path: 'b.js' },
        ],
      }),
      { cwd: project },
    )
    expect(run.findings).toEqual([
      expect.objectContaining({
        ruleId: 'file-sizes/missing',
        severity: 'error',
        file: 'missing.js',
        docs: expect.stringContaining('README.md'),
      }),
    ])
    expect(run.metric('file-sizes/b/raw').value).toBe(1)
  })

  it('rejects options perfgate-style: the option path and the closest valid key', () => {
    // @ts-expect-error: a typo is what is being tested
    expect(() => fileSizesPlugin({ file: [] })).toThrow(/file: unknown option — did you mean "files"\?/)
    expect(() => fileSizesPlugin({ files: [{ name: 'Bad Name', path: 'x' }] })).toThrow(
      /files\[0\]\.name: lowercase letters/,
    )
  })
})
