import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  flatRoutePath,
  reactRouterFacts,
  reactRouterPages,
} from '../../../core/config/framework-react-router.js'
import type { PackageJson } from '../../../core/config/project.js'
import { fixture, tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A project folder with these files. */
function project(files: Record<string, string>): string {
  const temp = tempDir('perfgate-rr-init-')
  cleanups.push(temp.cleanup)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(temp.dir, file)), { recursive: true })
    writeFileSync(join(temp.dir, file), text)
  }
  return temp.dir
}

const DEV: PackageJson = { devDependencies: { '@react-router/dev': '^7.5.3', 'react-router': '^7.5.3' } }
const real = (file: string) => readFileSync(join(fixture('react-router-ssr'), file), 'utf8')

describe('React Router facts for perfgate init', () => {
  it('a real server-rendered app (zaxh.org): build/client, react-router-serve on 127.0.0.1, pages from app/routes.ts', () => {
    const cwd = project({
      'package.json': real('package.json'),
      'react-router.config.ts': real('react-router.config.ts.txt'),
      'app/routes.ts': real('app/routes.ts.txt'),
    })
    const pkg = JSON.parse(real('package.json')) as PackageJson
    expect(reactRouterFacts(cwd, pkg, 'npm')).toEqual({
      name: 'react-router',
      description: 'React Router (server rendering in react-router.config.ts)',
      clientDir: 'build/client',
      serve: { startServerCommand: 'HOST=127.0.0.1 npx react-router-serve ./build/server/index.js' },
      // `/:slug` and `*` have parameters; the layouts add no segment.
      pages: ['/', '/about', '/learn'],
    })
    expect(reactRouterFacts(cwd, pkg, 'pnpm')?.serve).toEqual({
      startServerCommand: 'HOST=127.0.0.1 pnpm exec react-router-serve ./build/server/index.js',
    })
  })

  it('ssr: false: the client folder served by perfgate (at `/`, whatever the basename), buildDirectory honoured', () => {
    const cwd = project({
      'react-router.config.ts':
        "export default { ssr: false, buildDirectory: 'dist', basename: '/shop/', prerender: ['/', '/pricing'] }\n",
      'app/routes.ts':
        "import { index, route } from '@react-router/dev/routes'\nexport default [index('routes/home.tsx'), route('pricing', 'routes/pricing.tsx')]\n",
    })
    expect(reactRouterFacts(cwd, null, 'npm')).toMatchObject({
      description: 'React Router (ssr: false, prerender in react-router.config.ts)',
      clientDir: 'dist/client',
      serve: { staticDistDir: 'dist/client' },
      pages: ['/', '/pricing'],
    })
    // No prerendered pages: the build is one index.html, so only `/` is there to audit.
    const spa = project({
      'react-router.config.ts': 'export default { ssr: false }\n',
      'app/routes.ts': "export default [index('a.tsx'), route('b', 'b.tsx')]\n",
    })
    expect(reactRouterFacts(spa, DEV, 'npm')?.pages).toEqual(['/'])
  })

  it('a server-rendered app with a basename: pages under it, as react-router-serve serves them', () => {
    const cwd = project({
      'react-router.config.ts': "export default { basename: '/docs/' }\n",
      'app/routes.ts': "export default [index('home.tsx'), route('faq', 'faq.tsx')]\n",
    })
    expect(reactRouterFacts(cwd, DEV, 'npm')?.pages).toEqual(['/docs/', '/docs/faq'])
  })

  it('a real SPA-mode app with flat route files (translate-exchange): its build/client served by perfgate, `/` its page', () => {
    const spa = fixture('react-router-spa')
    const cwd = project({
      'package.json': readFileSync(join(spa, 'package.json'), 'utf8'),
      'react-router.config.ts': readFileSync(join(spa, 'react-router.config.ts.txt'), 'utf8'),
      'app/routes.ts': readFileSync(join(spa, 'app/routes.ts.txt'), 'utf8'),
      'app/routes/_app-layout.tsx': readFileSync(join(spa, 'app/routes/_app-layout.tsx.txt'), 'utf8'),
      'app/routes/_app-layout._index.tsx': readFileSync(
        join(spa, 'app/routes/_app-layout._index.tsx.txt'),
        'utf8',
      ),
    })
    const pkg = JSON.parse(readFileSync(join(spa, 'package.json'), 'utf8')) as PackageJson
    expect(reactRouterFacts(cwd, pkg, 'pnpm')).toEqual({
      name: 'react-router',
      description: 'React Router (ssr: false in react-router.config.ts)',
      clientDir: 'build/client',
      serve: { staticDistDir: 'build/client' },
      pages: ['/'],
    })
    // The pathless `_app-layout` and its `_index` are both `/`.
    expect(reactRouterPages(join(cwd, 'app'))).toEqual(['/'])
  })

  it('reads routes.ts as written: prefix, layout, nested routes, route objects and a named array', () => {
    const appDir = join(
      project({
        'app/routes.ts': `import { type RouteConfig, index, layout, prefix, route } from '@react-router/dev/routes'
const docs = [index('docs/index.tsx'), route('install', 'docs/install.tsx')] as const
export default [
  index('./routes/_index.tsx'),
  route('*', './routes/$.tsx'),
  layout('./routes/shell.tsx', [route('about', './routes/about.tsx'), route('team/:id', './routes/member.tsx')]),
  ...prefix('docs', docs),
  route('blog', './routes/blog.tsx', [index('./routes/blog-index.tsx'), route(':slug', './routes/post.tsx')]),
  { path: 'legal/terms', file: './routes/terms.tsx' },
  route('lang/:lang?', './routes/lang.tsx'),
] satisfies RouteConfig
`,
      }),
      'app',
    )
    expect(reactRouterPages(appDir)).toEqual([
      '/',
      '/about',
      '/blog',
      '/docs',
      '/docs/install',
      '/legal/terms',
    ])
  })

  it('flat route files (@react-router/fs-routes) name pages; params, pathless layouts and resource routes handled', () => {
    const cwd = project({
      'package.json': '{}',
      'app/routes.ts':
        "import { flatRoutes } from '@react-router/fs-routes'\nexport default flatRoutes() satisfies RouteConfig\n",
      'app/routes/_index.tsx': 'export default function Home() {}',
      'app/routes/about.tsx': 'export default function About() {}',
      'app/routes/blog._index.tsx': 'export default function Blog() {}',
      'app/routes/blog.$slug.tsx': 'export default function Post() {}',
      'app/routes/_auth.login.tsx': 'export default function Login() {}',
      'app/routes/api.health.ts': 'export function loader() { return new Response("ok") }',
      'app/routes/pricing/route.tsx': 'export default function Pricing() {}',
    })
    expect(reactRouterPages(join(cwd, 'app'))).toEqual(['/', '/about', '/blog', '/login', '/pricing'])
    expect(flatRoutePath('concerts_.mine')).toBe('/concerts/mine')
    expect(flatRoutePath('[sitemap.xml]')).toBe('/sitemap.xml')
    expect(flatRoutePath('($lang).about')).toBeNull()
  })

  it('is null for a project without React Router’s framework mode, and has no pages when routes.ts does not parse', () => {
    expect(
      reactRouterFacts(project({ 'vite.config.ts': '' }), { dependencies: { 'react-router': '^7' } }, 'npm'),
    ).toBeNull()
    const broken = project({ 'app/routes.ts': 'export default [index(' })
    expect(reactRouterFacts(broken, DEV, 'npm')).toMatchObject({ pages: [], clientDir: 'build/client' })
  })
})
