import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'
import { findAst, keyName, stringPropertyValue, walkAst } from '../../../core/toolkit/ast.js'

const program = parse("const a = { start: 'x', 'app': 'y', [k]: 1 }; f(g(1))", {
  ecmaVersion: 'latest',
  sourceType: 'module',
  locations: true,
})

describe('walkAst', () => {
  it('visits parents before children, in source order, without descending into positions', () => {
    const calls: string[] = []
    walkAst(program, (node) => {
      if (node.type === 'CallExpression') calls.push((node.callee as { name: string }).name)
      expect(node.type).not.toBe('SourceLocation')
    })
    expect(calls).toEqual(['f', 'g'])
  })

  it('finds the first match, and reads keys and string values as written', () => {
    const object = findAst(program, (n) => (n.type === 'ObjectExpression' ? n : undefined))
    if (!object) throw new Error('no object literal')
    const keys = (object.properties as Array<{ type: string }>).map((p) => keyName(p as never))
    expect(keys).toEqual(['start', 'app', undefined])
    expect(stringPropertyValue(object, 'app')).toBe('y')
    expect(stringPropertyValue(object, 'k')).toBeUndefined()
  })
})
