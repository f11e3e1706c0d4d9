import { describe, expect, it } from 'vitest'
import { htmlReferences } from '../../../core/toolkit/html.js'

describe('htmlReferences', () => {
  it('scripts and links in document order, with rel tokens and decoded, lower-cased attributes', async () => {
    const html = `<Link Rel=" Stylesheet  PRELOAD " HREF="/s.css?a=1&amp;b=2"><script src=/a.js async></script>
      <link rel="icon" href="/i.svg"><script>inline()</script><a href="/page.html">page</a>`
    expect(await htmlReferences(html)).toEqual([
      {
        tag: 'link',
        url: '/s.css?a=1&b=2',
        rel: ['stylesheet', 'preload'],
        attributes: { rel: ' Stylesheet  PRELOAD ', href: '/s.css?a=1&b=2' },
      },
      { tag: 'script', url: '/a.js', rel: [], attributes: { src: '/a.js', async: '' } },
      { tag: 'link', url: '/i.svg', rel: ['icon'], attributes: { rel: 'icon', href: '/i.svg' } },
    ])
  })

  it('what follows a closed <template> or <noscript> counts again, nested ones included', async () => {
    const html = `<template><template><script src="/t.js"></script></template><script src="/t2.js"></script></template>
      <noscript><link rel="stylesheet" href="/n.css"></noscript><script src="/after.js"></script>`
    expect((await htmlReferences(html)).map((r) => r.url)).toEqual(['/after.js'])
  })

  it('an empty src or href is no reference', async () => {
    expect(await htmlReferences('<script src=""></script><link rel="stylesheet" href=" ">')).toEqual([])
  })
})
