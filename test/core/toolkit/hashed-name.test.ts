import { describe, expect, it } from 'vitest'
import {
  hasContentHash,
  looksLikeHash,
  maskContentHash,
  stripContentHash,
} from '../../../core/toolkit/hashed-name.js'

describe('stripContentHash', () => {
  it.each([
    // Vite / Rollup: `[name]-[hash:8]`, base64url.
    ['assets/index-B3x9aK2f.js', 'assets/index.js'],
    ['assets/index-DiwrgTda.css', 'assets/index.css'],
    ['assets/vendor-a_b-9Kz1.js', 'assets/vendor.js'],
    ['assets/index-B3x9aK2f.js.map', 'assets/index.js.map'],
    ['assets/logo-Cq3M1xYz.png', 'assets/logo.png'],
    ['assets/index-B3x9aK2f.js.br', 'assets/index.js.br'],
    // webpack: `[name].[contenthash]`, hex of 8, 16 or 20 characters.
    ['static/js/main.3f2a1b9c.js', 'static/js/main.js'],
    ['static/js/main.3f2a1b9c4d5e6f70.js', 'static/js/main.js'],
    ['js/chunk-vendors.4e0b2d1c9f8a7b6c5d4e.js', 'js/chunk-vendors.js'],
    ['runtime~main.a1b2c3d4.js', 'runtime~main.js'],
  ])('strips the content hash of %s', (input, expected) => {
    expect(stripContentHash(input)).toBe(expected)
    expect(hasContentHash(input)).toBe(true)
  })

  it.each([
    'assets/my-component.js',
    'assets/date-settings.js',
    'assets/date-Settings.js',
    'assets/main.component.js',
    'report-20240101.js',
    'main-v2.js',
    'jquery-3.7.1.min.js',
    'lodash-4.17.21.js',
    'react-dom.production.min.js',
    'polyfills-es2015.js',
    // A hash with no name before it is not a hashed name (there would be nothing left).
    '-a1b2c3d4e5.js',
    'robots.txt',
    'index.html',
    '.htaccess',
  ])('keeps %s, which has no hash', (input) => {
    expect(stripContentHash(input)).toBe(input)
    expect(hasContentHash(input)).toBe(false)
  })
})

describe('looksLikeHash', () => {
  it('tells 8-character hashes from words of that length', () => {
    expect(looksLikeHash('B3x9aK2f')).toBe(true)
    expect(looksLikeHash('DiwrgTda')).toBe(true)
    expect(looksLikeHash('a_b-9Kz1')).toBe(true)
    expect(looksLikeHash('settings')).toBe(false)
    expect(looksLikeHash('Settings')).toBe(false)
    expect(looksLikeHash('20240101')).toBe(false)
    expect(looksLikeHash('abc12')).toBe(false)
  })
})

describe('maskContentHash', () => {
  it.each([
    ['assets/index-B3x9aK2f.js', 'assets/index-*.js'],
    ['assets/vendor-a_b-9Kz1.js', 'assets/vendor-*.js'],
    ['assets/index-B3x9aK2f.js.map', 'assets/index-*.js.map'],
    ['static/js/main.3f2a1b9c4d5e6f70.js', 'static/js/main.*.js'],
    ['/assets/index-DiwrgTda.css', '/assets/index-*.css'],
  ])('masks the content hash of %s', (input, expected) => {
    expect(maskContentHash(input)).toBe(expected)
  })

  it('gives two builds of one file one name, and leaves names without a hash alone', () => {
    expect(maskContentHash('assets/index-B3x9aK2f.js')).toBe(maskContentHash('assets/index-Cq3M1xYz.js'))
    for (const name of ['assets/my-component.js', 'jquery-3.7.1.min.js', 'index.html'])
      expect(maskContentHash(name)).toBe(name)
  })
})
