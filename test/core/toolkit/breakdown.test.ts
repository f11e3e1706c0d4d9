import { describe, expect, it } from 'vitest'
import { resourceKey } from '../../../core/toolkit/index.js'

describe('resourceKey', () => {
  const page = 'http://127.0.0.1:41234/'

  it('keys a resource of the page’s own origin by its path, the hash masked and the query dropped', () => {
    expect(resourceKey('http://127.0.0.1:41234/assets/index-B3x9aK2f.js?v=1#x', page)).toBe(
      '/assets/index-*.js',
    )
    // The next run's server listens on another port: the same key.
    expect(
      resourceKey('http://127.0.0.1:50000/assets/index-Cq3M1xYz.js', 'http://127.0.0.1:50000/about'),
    ).toBe('/assets/index-*.js')
  })

  it('keys another origin’s resource by host and path', () => {
    expect(resourceKey('https://cdn.example.com/lib/chart-B3x9aK2f.js', page)).toBe(
      'cdn.example.com/lib/chart-*.js',
    )
    expect(resourceKey('https://cdn.example.com:8443/a.js')).toBe('cdn.example.com:8443/a.js')
  })

  it('keeps text that is no URL, bounded', () => {
    expect(resourceKey('Unattributable')).toBe('Unattributable')
    expect(resourceKey('x'.repeat(500))).toHaveLength(200)
    expect(resourceKey('data:image/png;base64,AAAA', page)).toBe('data:image/png;base64,AAAA')
  })
})
