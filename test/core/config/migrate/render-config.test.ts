import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'
import { fromSizeLimit, parseText, renderConfig } from '../../../../core/config/migrate/index.js'

describe('the written config', () => {
  it('keeps names from the source inside strings and comments, whatever they hold', () => {
    const hostile = "x'\n);process.exit(7);//\u2028y\r"
    const src = parseText(
      JSON.stringify([
        { name: hostile, path: 'dist/a.js', limit: '1 kB' }, // the name ends up in a budget's comment
        { name: 'b', path: `dist/${hostile}.js`, limit: '1 kB' }, // the path in a note or a metric id
        { name: 'c', path: 'dist/c.js', limit: hostile }, // the limit in a note
      ]),
      '.size-limit.json',
      'json',
    )
    const m = fromSizeLimit(src, null, '/p')
    const text = renderConfig(m, {
      sources: [{ file: '.size-limit.json', tool: 'size-limit' }],
      abBuild: null,
    })
    const program = parse(text, { ecmaVersion: 'latest', sourceType: 'module' })
    // The imports and the default export: nothing of the source became a statement.
    expect(program.body.map((node) => node.type)).toEqual([
      'ImportDeclaration',
      'ImportDeclaration',
      'ExportDefaultDeclaration',
    ])
    expect(m.budgets.length).toBeGreaterThan(0)
    expect(text).not.toMatch(/^\);process\.exit/m)
  })
})
