import { describe, expect, it } from 'vitest'
import { assignNames, stripHash, toIdPath } from '../../../plugins/bundle/names.js'

describe('stripHash', () => {
  it.each([
    ['assets/index-B3x9aK2f.js', 'assets/index.js'],
    ['assets/index-DiwrgTda.css', 'assets/index.css'],
    ['assets/vendor-a_b-9Kz1.js', 'assets/vendor.js'],
    ['assets/index-B3x9aK2f.js.map', 'assets/index.js.map'],
    ['static/js/main.3f2a1b9c4d5e6f70.js', 'static/js/main.js'],
    ['assets/logo-Cq3M1xYz.png', 'assets/logo.png'],
  ])('strips the content hash of %s', (input, expected) => {
    expect(stripHash(input)).toBe(expected)
  })

  it.each([
    'assets/my-component.js',
    'assets/date-settings.js',
    'assets/date-Settings.js',
    'assets/main.component.js',
    'report-20240101.js',
    'robots.txt',
    'index.html',
  ])('keeps %s, which has no hash', (input) => {
    expect(stripHash(input)).toBe(input)
  })
})

describe('metric names', () => {
  it('are lowercase id segments, and files colliding on one name get numbered largest first', () => {
    expect(toIdPath('assets/Logo Big.PNG')).toBe('assets/logo_big.png')
    const names = assignNames([
      { file: 'assets/index-AAAAaaa1.js', raw: 10 },
      { file: 'assets/index-BBBBbbb2.js', raw: 50 },
    ])
    expect(names.get('assets/index-BBBBbbb2.js')).toBe('assets/index.js')
    expect(names.get('assets/index-AAAAaaa1.js')).toBe('assets/index-2.js')
  })
})
