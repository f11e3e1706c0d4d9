import { describe, expect, it } from 'vitest'
import { closure, routeFiles, routeKeys, type ViteManifest } from '../../../plugins/bundle/routes.js'
import { parseSvelteKitManifest } from '../../../plugins/bundle/routes-sveltekit.js'

// A Vite manifest as `build.manifest` writes it: entries by source path, shared chunks by `_<file>`.
const MANIFEST: ViteManifest = {
  'src/entry.js': { file: 'a/entry.js', isEntry: true, imports: ['_shared.js'] },
  'src/app.js': {
    file: 'a/app.js',
    isEntry: true,
    imports: ['_shared.js'],
    dynamicImports: ['src/nodes/0.js', 'src/nodes/1.js'],
  },
  'src/nodes/0.js': { file: 'a/nodes/0.js', isEntry: true, imports: ['_shared.js'], css: ['a/0.css'] },
  'src/nodes/1.js': {
    file: 'a/nodes/1.js',
    isEntry: true,
    imports: ['_heavy.js'],
    dynamicImports: ['src/lazy.js'],
    css: ['a/1.css'],
  },
  '_shared.js': { file: 'a/shared.js', imports: ['_tiny.js'] },
  '_tiny.js': { file: 'a/tiny.js', imports: ['_shared.js'] },
  '_heavy.js': { file: 'a/heavy.js', css: ['a/heavy.css'] },
  'src/lazy.js': { file: 'a/lazy.js', isDynamicEntry: true, imports: ['_lazy-dep.js'] },
  '_lazy-dep.js': { file: 'a/lazy-dep.js' },
}

describe('a route’s first-load files from a Vite manifest', () => {
  it('follows static imports transitively (cycles too) with each chunk’s CSS; dynamic imports stay out', () => {
    const { js, css } = closure(MANIFEST, ['src/entry.js', 'src/app.js', 'src/nodes/1.js'])
    expect([...js].sort()).toEqual([
      'a/app.js',
      'a/entry.js',
      'a/heavy.js',
      'a/nodes/1.js',
      'a/shared.js',
      'a/tiny.js',
    ])
    expect([...css].sort()).toEqual(['a/1.css', 'a/heavy.css'])
  })

  it('ignores an entry the manifest does not have', () => {
    expect([...closure(MANIFEST, ['nope.js', 'src/nodes/0.js']).js].sort()).toEqual([
      'a/nodes/0.js',
      'a/shared.js',
      'a/tiny.js',
    ])
  })

  it('sorts routes by key and gives each its files', () => {
    const routes = routeFiles({
      framework: 'sveltekit',
      source: 'm.js',
      manifest: MANIFEST,
      routes: [
        { route: '/heavy', entries: ['src/entry.js', 'src/nodes/1.js'] },
        { route: '/', entries: ['src/entry.js', 'src/nodes/0.js'] },
      ],
    })
    expect(routes.map((r) => [r.key, r.js.length, r.css])).toEqual([
      ['heavy', 5, ['a/1.css', 'a/heavy.css']],
      ['index', 4, ['a/0.css']],
    ])
  })
})

describe('route keys', () => {
  it('are metric-id segments: / is index, groups dropped, parameters as _name_', () => {
    expect(
      routeKeys([
        '/',
        '/blog/[slug]',
        '/(app)/Settings',
        '/docs/[...path]',
        '/[[lang]]/about',
        '/items/[id=integer]',
      ]),
    ).toEqual(['index', 'blog/_slug_', 'settings', 'docs/_...path_', '_lang_/about', 'items/_id_integer_'])
  })

  it('number collisions in the order of the route ids, whatever the input order', () => {
    expect(routeKeys(['/index', '/'])).toEqual(['index-2', 'index'])
    expect(routeKeys(['/', '/index'])).toEqual(['index', 'index-2'])
    expect(routeKeys(['/(b)/x', '/(a)/X'])).toEqual(['x-2', 'x'])
  })
})

describe('SvelteKit’s route manifest', () => {
  // As kit 2 writes `.svelte-kit/output/server/manifest-full.js` (holes where a level has no layout).
  const CODE = `export const manifest = (() => {
function __memo(fn) { let value; return () => value ??= (value = fn()); }
return {
	appDir: "_app",
	_: {
		client: {start:"_app/immutable/entry/start.A.js",app:"_app/immutable/entry/app.B.js",imports:[],stylesheets:[],fonts:[],uses_env_dynamic_public:false},
		nodes: [ __memo(() => import('./nodes/0.js')), __memo(() => import('./nodes/1.js')) ],
		routes: [
			{ id: "/", pattern: /^\\/$/, params: [], page: { layouts: [0,], errors: [1,], leaf: 2 }, endpoint: null },
			{ id: "/api/health", pattern: /^\\/api\\/health\\/?$/, params: [], page: null, endpoint: __memo(() => import('./entries/endpoints/api/health/_server.js')) },
			{ id: "/(app)/admin/[id]", pattern: /^\\/admin\\/([^/]+?)\\/?$/, params: [{"name":"id"}], page: { layouts: [0,,3], errors: [1,,], leaf: 4 }, endpoint: null }
		],
		matchers: async () => { return {  }; },
	}
}
})();`

  it('gives the entries and each page route’s layouts and leaf; endpoints are left out', async () => {
    expect(await parseSvelteKitManifest(CODE, 'manifest-full.js')).toEqual({
      start: '_app/immutable/entry/start.A.js',
      app: '_app/immutable/entry/app.B.js',
      routes: [
        { id: '/', nodes: [0, 2] },
        { id: '/(app)/admin/[id]', nodes: [0, 3, 4] },
      ],
    })
  })

  it('fails naming the file when the format is not SvelteKit’s', async () => {
    await expect(parseSvelteKitManifest('export const x = {', 'm.js')).rejects.toThrow(/Cannot parse .*m\.js/)
    await expect(parseSvelteKitManifest('export const manifest = { routes: [] }', 'm.js')).rejects.toThrow(
      /m\.js has no `client.start`/,
    )
  })
})
