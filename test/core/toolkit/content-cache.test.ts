import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ContentCache,
  cacheDirOption,
  contentHash,
  defaultCacheDir,
} from '../../../core/toolkit/content-cache.js'
import { tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function folder(): string {
  const { dir, cleanup } = tempDir('perfgate-content-cache-')
  cleanups.push(cleanup)
  return dir
}

const isNumber = (value: unknown): value is number => typeof value === 'number'

describe('ContentCache', () => {
  it('keeps records by hash across runs in one JSON file of its sections', async () => {
    const file = join(folder(), 'deep/er/cache.json')
    const first = await ContentCache.open(file, 3, ['sizes', 'other'])
    first.section('sizes', isNumber).set('abc', 42)
    await first.save()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 3, sizes: { abc: 42 }, other: {} })
    const second = await ContentCache.open(file, 3, ['sizes', 'other'])
    expect(second.section('sizes', isNumber).get('abc')).toBe(42)
    expect(second.section('other', isNumber).get('abc')).toBeUndefined()
  })

  it('starts empty on another version, a missing section or a file that is not JSON', async () => {
    const dir = folder()
    const file = join(dir, 'cache.json')
    const cases = [
      { version: 2, sizes: { abc: 1 } },
      { version: 3, other: { abc: 1 } },
      { version: 3, sizes: [1] },
    ]
    for (const data of cases) {
      writeFileSync(file, JSON.stringify(data))
      const cache = await ContentCache.open(file, 3, ['sizes'])
      expect(cache.section('sizes', isNumber).get('abc')).toBeUndefined()
    }
    writeFileSync(file, '{"version": 3, "sizes": {')
    const broken = await ContentCache.open(file, 3, ['sizes'])
    expect(broken.section('sizes', isNumber).get('abc')).toBeUndefined()
  })

  it('counts a record that fails its check as missing', async () => {
    const file = join(folder(), 'cache.json')
    writeFileSync(file, JSON.stringify({ version: 1, sizes: { good: 5, bad: 'five', worse: null } }))
    const sizes = (await ContentCache.open(file, 1, ['sizes'])).section('sizes', isNumber)
    expect([sizes.get('good'), sizes.get('bad'), sizes.get('worse')]).toEqual([5, undefined, undefined])
  })

  it('writes nothing when nothing changed, and a folder it cannot write is not an error', async () => {
    const dir = folder()
    const file = join(dir, 'cache.json')
    const unchanged = await ContentCache.open(file, 1, ['sizes'])
    await unchanged.save()
    expect(() => readFileSync(file)).toThrow()

    const locked = join(dir, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o500)
    cleanups.unshift(() => chmodSync(locked, 0o700))
    const cache = await ContentCache.open(join(locked, 'cache.json'), 1, ['sizes'])
    cache.section('sizes', isNumber).set('abc', 1)
    await expect(cache.save()).resolves.toBeUndefined()
  })

  it('without a file keeps records in memory', async () => {
    const cache = await ContentCache.open(null, 1, ['sizes'])
    const sizes = cache.section('sizes', isNumber)
    sizes.set('abc', 7)
    await cache.save()
    expect(sizes.get('abc')).toBe(7)
    expect(() => cache.section('images', isNumber)).toThrow(/no section "images"/)
  })
})

describe('cache folders', () => {
  it('uses node_modules/.cache/perfgate of the nearest project, else the temp folder', () => {
    const project = folder()
    mkdirSync(join(project, 'node_modules'))
    mkdirSync(join(project, 'packages/app'), { recursive: true })
    expect(defaultCacheDir(join(project, 'packages/app'))).toBe(join(project, 'node_modules/.cache/perfgate'))
    const bare = folder()
    // The temp folder itself may sit below a node_modules; only a project-less answer is checked.
    if (!defaultCacheDir(bare).includes('node_modules'))
      expect(defaultCacheDir(bare)).toBe(join(tmpdir(), 'perfgate-cache'))
  })

  it('reads a plugin’s cache option: a folder relative to cwd, false for none, unset for the default', () => {
    const project = folder()
    mkdirSync(join(project, 'node_modules'))
    expect(cacheDirOption(false, project)).toBeNull()
    expect(cacheDirOption('.sizes', project)).toBe(join(project, '.sizes'))
    expect(cacheDirOption(undefined, project)).toBe(join(project, 'node_modules/.cache/perfgate'))
  })

  it('keys content by sha256', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
