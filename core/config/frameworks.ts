import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { reactRouterFacts } from './framework-react-router.js'
import { binaryCommand, type PackageJson, type PackageManager } from './project.js'
import type { ViteConfigTarget } from './vite-config-edit.js'

// The Vite meta-frameworks `perfgate init` knows: where the build puts what the browser downloads (the
// bundle plugin's `dir`), how the production build is served on 127.0.0.1 at $PORT for Lighthouse, and a
// few pages to audit. Read from the project's files alone: init runs before any build.

/** What init writes for a framework's app. */
export interface FrameworkFacts {
  name: 'sveltekit' | 'astro' | 'nuxt' | 'react-router'
  /** For the config's comment: `SvelteKit (adapter-node in svelte.config.js)`. */
  description: string
  /** The client output: the bundle plugin's `dir`. */
  clientDir: string
  /** Lighthouse's origin: a built folder served by perfgate, or a command serving the production build. */
  serve: { staticDistDir: string } | { startServerCommand: string }
  /** Static routes to audit (no parameters), `/` first, at most 3. */
  pages: string[]
  /** Where `init` adds `perfgate/vite` when the framework takes Vite's options in its own config. */
  viteConfig?: ViteConfigTarget
}

const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts', 'svelte.config.cjs']

export function detectFramework(
  cwd: string,
  pkg: PackageJson | null,
  manager: PackageManager,
): FrameworkFacts | null {
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies }
  const svelteConfig = SVELTE_CONFIGS.find((f) => existsSync(join(cwd, f))) ?? null
  if (deps['@sveltejs/kit'] || (svelteConfig && existsSync(join(cwd, 'src', 'routes'))))
    return svelteKit(cwd, svelteConfig, manager)
  const astroConfig = ASTRO_CONFIGS.find((f) => existsSync(join(cwd, f))) ?? null
  if (deps.astro || astroConfig) return astro(cwd, astroConfig, manager)
  return detectNuxt(cwd, pkg) ?? reactRouterFacts(cwd, pkg, manager)
}

const NUXT_CONFIGS = ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs', 'nuxt.config.mts']

/**
 * Nuxt 3/4: the browser's files are in `.output/public`. `nuxt build` makes a Nitro server, started as
 * its own `node .output/server/index.mjs` (NITRO_HOST/NITRO_PORT win over HOST/PORT, which a shell may
 * set); `nuxt generate` (or a static Nitro preset) prerenders every page there for perfgate's static server.
 */
export function detectNuxt(cwd: string, pkg: PackageJson | null): FrameworkFacts | null {
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies }
  const configFile = NUXT_CONFIGS.find((f) => existsSync(join(cwd, f))) ?? null
  if (!deps.nuxt && !deps['nuxt-nightly'] && !configFile) return null
  const config = configFile ? readFileSync(join(cwd, configFile), 'utf8') : ''
  const build = pkg?.scripts?.build ?? ''
  const generate = /\bnux[ti]\s+generate\b/.test(build)
  const staticPreset = /\bpreset\s*:\s*['"`](static|github[-_]pages|gitlab[-_]pages)['"`]/.exec(config)?.[1]
  const where = generate
    ? 'nuxt generate in package.json'
    : staticPreset
      ? `preset '${staticPreset}' in ${configFile}`
      : `nuxt build in ${configFile ?? 'package.json'}`
  // Nuxt 4 keeps the app in `app/` (srcDir), Nuxt 3 at the root unless `srcDir` says otherwise.
  const srcDir = option(config, 'srcDir', existsSync(join(cwd, 'app', 'pages')) ? 'app' : '.')
  const pages = nuxtPages(join(cwd, srcDir, 'pages')).slice(0, 3)
  // Vite's root is the srcDir: perfgate/vite's data goes up to the project, where the bundle plugin reads it.
  const viteConfig: ViteConfigTarget | undefined = configFile
    ? {
        file: configFile,
        nested: 'vite',
        ...(srcDir === '.'
          ? {}
          : { output: relative(join(cwd, srcDir), join(cwd, '.perfgate/bundle.json')) }),
      }
    : undefined
  const base = {
    name: 'nuxt' as const,
    description: `Nuxt (${where})`,
    pages,
    clientDir: '.output/public',
    ...(viteConfig ? { viteConfig } : {}),
  }
  if (generate || staticPreset) return { ...base, serve: { staticDistDir: '.output/public' } }
  return {
    ...base,
    serve: { startServerCommand: 'NITRO_HOST=127.0.0.1 NITRO_PORT=$PORT node .output/server/index.mjs' },
  }
}

/** URL paths of Nuxt's pages without parameters (`pages/about.vue` → `/about`, groups `(name)` dropped). */
export function nuxtPages(pagesDir: string): string[] {
  const page = /\.(vue|tsx|jsx)$/
  return routePaths(
    pagesDir,
    (files) =>
      files
        .filter((name) => page.test(name) && !name.includes('[') && !name.startsWith('.'))
        .map((name) => name.replace(page, '').replace(/\.(client|server)$/, ''))
        .map((name) => (name === 'index' ? '' : name)),
    (folder) => {
      if (folder.includes('[') || folder.startsWith('.') || folder === 'node_modules') return null
      return /^\(.*\)$/.test(folder) ? '' : folder
    },
  )
}

const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts']

/**
 * Astro: a static build is `dist/` with an HTML file per page (served by perfgate's static server); with
 * `output: 'server'` the browser's files are in `dist/client` and `astro preview` serves the build.
 */
function astro(cwd: string, configFile: string | null, manager: PackageManager): FrameworkFacts {
  const config = configFile ? readFileSync(join(cwd, configFile), 'utf8') : ''
  const out = option(config, 'outDir', 'dist')
  const server = /\boutput\s*:\s*['"`]server['"`]/.test(config)
  const adapter =
    /from\s+['"](@astrojs\/(?:node|vercel|netlify|cloudflare)[a-z/-]*)['"]/.exec(config)?.[1] ?? null
  const where = `${server ? `output: 'server'${adapter ? `, ${adapter}` : ''}` : 'static'} in ${configFile ?? 'package.json'}`
  const pages = astroPages(join(cwd, 'src', 'pages')).slice(0, 3)
  const base = {
    name: 'astro' as const,
    description: `Astro (${where})`,
    pages,
    ...(configFile ? { viteConfig: { file: configFile, nested: 'vite' as const } } : {}),
  }
  if (!server) return { ...base, clientDir: out, serve: { staticDistDir: out } }
  return {
    ...base,
    clientDir: `${out}/client`,
    serve: { startServerCommand: `${binaryCommand(manager, 'astro')} preview --host 127.0.0.1 --port $PORT` },
  }
}

/** URL paths of Astro's pages without parameters (`src/pages/about.astro` → `/about`); `_`-files and error pages are left out. */
export function astroPages(pagesDir: string): string[] {
  const skipped = (name: string) => name.startsWith('_') || name.startsWith('.') || name.includes('[')
  return routePaths(
    pagesDir,
    (files) =>
      files
        // Error pages are not pages a visitor opens: not audited.
        .filter((name) => !skipped(name) && /\.(astro|md|mdx|html)$/.test(name) && !/^(404|500)\./.test(name))
        .map((name) => (name.replace(/\.[^.]+$/, '') === 'index' ? '' : name.replace(/\.[^.]+$/, ''))),
    (folder) => (skipped(folder) ? null : folder),
  )
}

/**
 * URL paths under a routes folder, depth first: `pagesIn` names the pages a folder's files make (`''`
 * for the folder itself), `segmentOf` the path segment a subfolder adds (`''` none, null to skip it).
 */
function routePaths(
  root: string,
  pagesIn: (files: string[]) => string[],
  segmentOf: (folder: string) => string | null,
): string[] {
  const found = new Set<string>()
  const walk = (dir: string, segments: string[]) => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    const files = entries.filter((e) => !e.isDirectory()).map((e) => e.name)
    for (const page of pagesIn(files)) found.add(`/${[...segments, page].filter(Boolean).join('/')}`)
    for (const e of entries) {
      const segment = e.isDirectory() ? segmentOf(e.name) : null
      if (segment !== null) walk(join(dir, e.name), segment ? [...segments, segment] : segments)
    }
  }
  walk(root, [])
  return sortPaths([...found])
}

function sortPaths(paths: string[]): string[] {
  const depth = (p: string) => (p === '/' ? 0 : p.split('/').length - 1)
  return paths.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))
}

/** A string option of the adapter's call in svelte.config (`out: 'dist'`), else the default. */
function option(config: string, name: string, fallback: string): string {
  const match = new RegExp(`\\b${name}\\s*:\\s*['"\`]([^'"\`]+)['"\`]`).exec(config)
  return (match?.[1] ?? fallback).replace(/^\.\//, '').replace(/\/+$/, '')
}

function svelteKit(cwd: string, configFile: string | null, manager: PackageManager): FrameworkFacts {
  const config = configFile ? readFileSync(join(cwd, configFile), 'utf8') : ''
  const adapter =
    /from\s+['"](@sveltejs\/adapter-[a-z-]+|svelte-adapter-[a-z-]+)['"]/.exec(config)?.[1] ?? null
  const where = `${adapter ? adapter.replace('@sveltejs/', '') : 'no adapter'} in ${configFile ?? 'package.json'}`
  const routesDir = option(config, 'routes', 'src/routes')
  const pages = staticRoutes(join(cwd, routesDir)).slice(0, 3)
  const base = { name: 'sveltekit' as const, description: `SvelteKit (${where})`, pages }
  if (adapter === '@sveltejs/adapter-node') {
    const out = option(config, 'out', 'build')
    // adapter-node reads HOST and PORT (behind its `envPrefix`, when set); it listens on 0.0.0.0 otherwise.
    const prefix = /\benvPrefix\s*:\s*['"`]([A-Z0-9_]*)['"`]/.exec(config)?.[1] ?? ''
    const command = `${prefix}HOST=127.0.0.1 ${prefix ? `${prefix}PORT=$PORT ` : ''}node ${out}`
    return { ...base, clientDir: `${out}/client`, serve: { startServerCommand: command } }
  }
  if (adapter === '@sveltejs/adapter-static') {
    // Prerendered pages (`about.html`, `blog/index.html`): perfgate's static server finds them by path.
    const out = option(config, 'pages', 'build')
    return { ...base, clientDir: out, serve: { staticDistDir: out } }
  }
  // Any other adapter (auto, Vercel, Netlify, Cloudflare…): SvelteKit's own preview of its build output.
  return {
    ...base,
    clientDir: '.svelte-kit/output/client',
    serve: {
      startServerCommand: `${binaryCommand(manager, 'vite')} preview --host 127.0.0.1 --port $PORT --strictPort`,
    },
  }
}

/**
 * URL paths of the page routes without parameters under SvelteKit's routes folder: folders holding a
 * `+page.svelte` (or `+page@….svelte`), groups `(name)` left out of the path. `/` first, then by depth.
 */
export function staticRoutes(routesDir: string): string[] {
  return routePaths(
    routesDir,
    (files) => (files.some((name) => /^\+page(@[^.]*)?\.svelte$/.test(name)) ? [''] : []),
    (folder) => {
      if (folder.includes('[') || folder.startsWith('.') || folder === 'node_modules') return null
      return /^\(.*\)$/.test(folder) ? '' : folder
    },
  )
}
