import { describe, expect, it } from 'vitest'
import { htmlEntryReferences, initialFiles, staticImports } from '../../../plugins/bundle/initial.js'

const files = new Set([
  'index.html',
  'assets/a.js',
  'assets/b.js',
  'assets/lazy.js',
  'assets/s.css',
  'assets/p.js',
])

describe('initial files', () => {
  it('reads scripts, modulepreloads and stylesheets of an HTML page, not icons or commented tags', () => {
    const html = `<link rel="icon" href="/assets/p.js"><!-- <script src="/assets/lazy.js"></script> -->
      <script type="module" crossorigin src="/assets/a.js"></script>
      <link rel=modulepreload href="/assets/b.js"><link rel="stylesheet" href="./assets/s.css">`
    expect(htmlEntryReferences(html, 'index.html', files)).toEqual([
      'assets/a.js',
      'assets/b.js',
      'assets/s.css',
    ])
  })

  it('follows static imports and re-exports, not import()', async () => {
    const code = 'import{x as y}from"./b.js";export*from"./p.js";const l=()=>import("./lazy.js");'
    expect(await staticImports(code, 'assets/a.js', files)).toEqual(['assets/b.js', 'assets/p.js'])
  })

  it('reads imports as the language does: none in strings, comments or template literals', async () => {
    const code = [
      '// import "./lazy.js"',
      '/* export * from "./lazy.js" */',
      'const s = \'import "./lazy.js"\', t = `export * from "./lazy.js"`;',
      'const u = new URL("./p.js", import.meta.url);',
      'import { a } from "./b.js" with { type: "js" };',
      'export { q } from "./p.js";',
      'const l = () => import(/* webpackChunkName: "x" */ "./lazy.js");',
    ].join('\n')
    expect(await staticImports(code, 'assets/a.js', files)).toEqual(['assets/b.js', 'assets/p.js'])
  })

  it('a file that does not lex as a module has no imports (and does not fail the run)', async () => {
    expect(await staticImports('import { from "./b.js"; })', 'assets/a.js', files)).toEqual([])
  })

  it('collects the transitive static closure of the entries', async () => {
    const sources: Record<string, string> = {
      'index.html': '<script type="module" src="/assets/a.js"></script>',
      'assets/a.js': 'import "./b.js";import("./lazy.js")',
      'assets/b.js': 'export{q}from"./p.js"',
      'assets/p.js': 'export const q=1',
      'assets/lazy.js': 'import "./p.js"',
    }
    const initial = await initialFiles(['index.html'], (f) => sources[f] ?? '', files)
    expect([...initial].sort()).toEqual(['assets/a.js', 'assets/b.js', 'assets/p.js'])
  })
})
