import { describe, expect, it } from 'vitest'
import { hasContentHash } from '../../../../core/toolkit/hashed-name.js'
import { isHashed, kindOf } from '../../../../plugins/config-lint/cache/paths.js'

describe('isHashed', () => {
  it('tells hashed names as the bundle plugin does, and inner hash segments too', () => {
    const hashed = [
      '/assets/index-BQ3x7a9f.js',
      '/assets/vendor-Dk2Lm9xQ.css',
      '/static/js/main.4f3a9c21.js',
      '/static/js/2.4f3a9c21.chunk.js',
      '/js/app.0123456789abcdef0123.js',
      '/assets/B3x9aK2f.js',
      '/_nuxt/4f3a9c2.js',
      '/js/app.4f3a9c.js',
      '/js/chunk-4f3a9c.js',
    ]
    const plain = [
      '/favicon.ico',
      '/jquery.min.js',
      '/react.production.min.js',
      '/assets/Settings.js',
      '/sw.js',
    ]
    for (const path of hashed) expect(isHashed(path), path).toBe(true)
    for (const path of plain) expect(isHashed(path), path).toBe(false)
    // One definition of a hash: whatever the bundle plugin strips, the cache rules call hashed.
    for (const path of [...hashed, ...plain])
      if (hasContentHash(path)) expect(isHashed(path), path).toBe(true)
  })

  it('sorts paths into the kinds the cache rules treat differently', () => {
    expect(kindOf('/')).toBe('document')
    expect(kindOf('/about/index.html')).toBe('document')
    expect(kindOf('/sw.js')).toBe('service-worker')
    expect(kindOf('/manifest.webmanifest')).toBe('manifest')
    expect(kindOf('/static/js/2.4f3a9c21.chunk.js')).toBe('hashed')
    expect(kindOf('/robots.txt')).toBe('other')
  })
})
