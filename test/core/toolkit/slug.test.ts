import { describe, expect, it } from 'vitest'
import { slugify, uniqueSlugs } from '../../../core/toolkit/slug.js'

describe('slugs', () => {
  it('turns a name into a metric-id piece', () => {
    expect(slugify('Parse JSON (large)')).toBe('parse-json-large')
    expect(slugify('Crème brûlée')).toBe('creme-brulee')
    expect(slugify('  --GET /api/items?limit=20--  ')).toBe('get-api-items-limit-20')
    expect(slugify('日本語')).toBe('unnamed')
  })

  it('makes slugs unique within a list, in order, without colliding with a later name', () => {
    expect(uniqueSlugs(['a b', 'a-b', 'c'])).toEqual(['a-b', 'a-b-2', 'c'])
    expect(uniqueSlugs(['a', 'a', 'a-2'])).toEqual(['a', 'a-2', 'a-2-2'])
    expect(
      uniqueSlugs(['/', '/index.html'], (page) =>
        page.replace(/index\.html$/, '') === '/' ? 'home' : slugify(page),
      ),
    ).toEqual(['home', 'home-2'])
  })
})
