import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempDir } from '../helpers/paths.js'

const root = join(REPO_ROOT, 'examples/spa')
const out = tempDir('perfgate-spa-')

interface OutputChunk {
  type: 'chunk'
  fileName: string
  isEntry: boolean
  isDynamicEntry: boolean
  moduleIds: string[]
}

let chunks: OutputChunk[] = []
let assets: string[] = []

beforeAll(async () => {
  const result = await build({ root, logLevel: 'silent', build: { outDir: out.dir, emptyOutDir: true } })
  const output = (Array.isArray(result) ? result[0] : result) as { output?: Array<{ type: string }> }
  if (!output.output) throw new Error('vite build returned a watcher, expected an output')
  chunks = output.output.filter((o): o is OutputChunk => o.type === 'chunk')
  assets = readdirSync(join(out.dir, 'assets'))
}, 60_000)

afterAll(() => out.cleanup())

const read = (file: string) => readFileSync(join(out.dir, file), 'utf8')

describe('examples/spa build', () => {
  it('writes an HTML entry that loads the main chunk and the stylesheet', () => {
    const html = read('index.html')
    const entry = chunks.find((c) => c.isEntry)
    const css = assets.find((a) => a.endsWith('.css'))
    expect(entry).toBeDefined()
    expect(css).toBeDefined()
    expect(html).toContain(`src="/${entry?.fileName}"`)
    expect(html).toContain(`href="/assets/${css}"`)
  })

  it('splits the reports view into its own lazily loaded chunk', () => {
    const js = assets.filter((a) => a.endsWith('.js'))
    expect(js.length).toBeGreaterThanOrEqual(2)
    const lazy = chunks.find((c) => c.isDynamicEntry)
    expect(lazy?.moduleIds.some((id) => id.endsWith('src/views/reports.ts'))).toBe(true)
    const entry = chunks.find((c) => c.isEntry)
    expect(entry?.moduleIds.some((id) => id.endsWith('src/views/reports.ts'))).toBe(false)
    // The entry fetches it with import() instead of a static import.
    expect(read(entry?.fileName ?? '')).toContain(lazy?.fileName.replace('assets/', ''))
  })

  it('bundles the npm dependency, dayjs, into the main chunk', () => {
    const entry = chunks.find((c) => c.isEntry)
    expect(entry?.moduleIds.some((id) => /node_modules[\\/]dayjs[\\/]dayjs\.min\.js$/.test(id))).toBe(true)
    expect(read(entry?.fileName ?? '')).toContain('Invalid Date') // dayjs's own string
  })

  it('emits the image, referenced from the CSS, as a file of its own', () => {
    const image = assets.find((a) => /^hero-.+\.png$/.test(a))
    expect(image).toBeDefined()
    const bytes = readFileSync(join(out.dir, 'assets', image ?? ''))
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(bytes.length).toBe(statSync(join(root, 'src/assets/hero.png')).size)
    expect(bytes.length).toBeGreaterThan(20_000)
    const css = assets.find((a) => a.endsWith('.css')) ?? ''
    expect(read(`assets/${css}`)).toContain(image)
  })

  it('stays a realistic size: tens of kB of JavaScript, not megabytes', () => {
    const jsBytes = assets
      .filter((a) => a.endsWith('.js'))
      .reduce((sum, a) => sum + statSync(join(out.dir, 'assets', a)).size, 0)
    expect(jsBytes).toBeGreaterThan(10_000)
    expect(jsBytes).toBeLessThan(200_000)
  })
})
