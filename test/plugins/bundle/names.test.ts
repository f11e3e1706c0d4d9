import { describe, expect, it } from 'vitest'
import { toIdPath } from '../../../core/toolkit/index.js'
import { assignNames } from '../../../plugins/bundle/names.js'

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

  it('never number a file onto the name another file has (untitled-2.png beside two untitled-*.png)', () => {
    const names = assignNames([
      { file: 'img/untitled-AAAAaaa1.png', raw: 10 },
      { file: 'img/untitled-BBBBbbb2.png', raw: 50 },
      { file: 'img/untitled-2.png', raw: 5 },
    ])
    expect(new Set(names.values()).size).toBe(3)
    expect(names.get('img/untitled-2.png')).toBe('img/untitled-2.png')
    expect(names.get('img/untitled-AAAAaaa1.png')).toBe('img/untitled-3.png')
  })
})
