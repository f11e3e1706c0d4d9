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
  it('reads scripts, modulepreloads and stylesheets of an HTML page, not icons or commented tags', async () => {
    const html = `<link rel="icon" href="/assets/p.js"><!-- <script src="/assets/lazy.js"></script> -->
      <script type="module" crossorigin src="/assets/a.js"></script>
      <link rel=modulepreload href="/assets/b.js"><link rel="stylesheet" href="./assets/s.css">`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual([
      'assets/a.js',
      'assets/b.js',
      'assets/s.css',
    ])
  })

  it('skips what a browser running scripts does not fetch: <template> is inert, <noscript> is text', async () => {
    const html = `<template><script type="module" src="/assets/lazy.js"></script></template>
      <noscript><link rel="stylesheet" href="/assets/s.css"></noscript>
      <script type="module" src="/assets/a.js"></script>`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual(['assets/a.js'])
  })

  it('skips a nomodule script: the legacy build (@vitejs/plugin-legacy) a browser running modules never fetches', async () => {
    const html = `<script type="module" src="/assets/a.js"></script>
      <script nomodule crossorigin id="vite-legacy-polyfill" src="/assets/lazy.js"></script>`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual(['assets/a.js'])
  })

  it('reads attributes holding `>` and tag-like text, as the parser does', async () => {
    const html = `<script type="module" src="/assets/a.js" data-x="a>b"></script>
      <script data-x="a>b" src="/assets/b.js"></script>
      <div title="<script src=/assets/lazy.js></script>"></div>`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual(['assets/a.js', 'assets/b.js'])
  })

  it('tags in an inline script or a comment are text; a `<!--` in a script opens no comment', async () => {
    const html = `<!-- <script src=/assets/lazy.js></script> -->
      <script>document.write('<script src="/assets/lazy.js"><\\/script>'); const open = "<!--"</script>
      <script type="module" src="/assets/a.js"></script><!-- built -->`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual(['assets/a.js'])
  })

  it('tag and attribute names in any case, rel as a token list; the first of repeated attributes wins', async () => {
    const html = `<SCRIPT TYPE="module" SRC="/assets/a.js" src="/assets/lazy.js"></SCRIPT>
      <LINK REL="StyleSheet Preload" HREF="/assets/s.css"><link rel="\tmodulepreload\n" href="/assets/b.js">`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual([
      'assets/a.js',
      'assets/s.css',
      'assets/b.js',
    ])
  })

  it('counts modulepreload and rel=preload of a script or style, not of a font or a prefetch', async () => {
    const html = `<link rel="modulepreload" href="/assets/b.js"><link rel="preload" as="SCRIPT" href="/assets/p.js">
      <link rel="preload" as="font" href="/assets/lazy.js"><link rel="prefetch" as="script" href="/assets/lazy.js">
      <link rel="preload" href="/assets/lazy.js">`
    expect(await htmlEntryReferences(html, 'index.html', files)).toEqual(['assets/b.js', 'assets/p.js'])
  })

  it('a stylesheet preloaded and swapped in by onload, with a <noscript> copy, counts once', async () => {
    const html = `<link rel="preload" as="style" href="/assets/s.css" onload="this.rel='stylesheet'">
      <noscript><link rel="stylesheet" href="/assets/s.css"></noscript>`
    const initial = await initialFiles(['index.html'], () => html, files)
    expect([...initial]).toEqual(['assets/s.css'])
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
