import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeStarterConfig } from '../../../core/config/init.js'
import { loadConfig } from '../../../core/config/load.js'
import { scanRoutes } from '../../../core/config/routes.js'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { CLI, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

const { dir: root, cleanup } = tempDir('perfgate-init-')
afterAll(cleanup)

let count = 0
/** A project folder with these files (paths → text), perfgate and express linked into node_modules. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${++count}`)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(REPO_ROOT, join(dir, 'node_modules/perfgate'), 'dir')
  symlinkSync(join(REPO_ROOT, 'node_modules/express'), join(dir, 'node_modules/express'), 'dir')
  return dir
}

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ name: 'app', private: true, scripts, ...extra }, null, 2)}\n`

// An Express API as people write them: `/` is not a route (404), the routes live in a router file
// mounted under /api, with a health check among them.
const EXPRESS_API = {
  'package.json': pkg({ start: 'node src/server.js', test: 'echo no tests' }),
  'package-lock.json': '{ "name": "app", "lockfileVersion": 3, "requires": true, "packages": {} }\n',
  'src/server.js': `const express = require('express')
const items = require('./routes/items')
const app = express()
app.use(express.json())
app.use('/api', items)
app.listen(Number(process.env.PORT || 3000), '127.0.0.1', () => console.log('listening'))
`,
  'src/routes/items.js': `const { Router } = require('express')
const router = Router()
const items = [{ id: 1, name: 'one' }, { id: 2, name: 'two' }]
router.get('/health', (req, res) => res.json({ ok: true }))
router.get('/items', (req, res) => res.json(items))
router.get('/items/:id', (req, res) => res.json(items.find((i) => String(i.id) === req.params.id) ?? null))
router.get('/broken', (req, res) => res.status(500).json({ error: 'always' }))
module.exports = router
`,
}

describe('perfgate init for a server', { timeout: 60_000 }, () => {
  it('reads the routes of the entry and its local imports, with their mount prefix', () => {
    const dir = project(EXPRESS_API)
    expect(scanRoutes(join(dir, 'src/server.js'))).toEqual(['/api/health', '/api/items', '/api/broken'])
  })

  it('follows ESM and TypeScript imports (./x.js for ./x.ts), Fastify prefixes and Hono routes; skips parameters', () => {
    const dir = project({
      'package.json': pkg({ start: 'tsx src/main.ts' }),
      'src/main.ts': `import Fastify from 'fastify'
import { users } from './users.js'
import reports from './reports/index.js'
const app = Fastify()
app.get('/healthz', async () => ({ ok: true }))
app.register(users, { prefix: '/v1/users' })
app.register(reports, { prefix: '/v1' })
`,
      'src/users.ts': `export async function users(app) {
  app.get('/', async () => [])
  app.get('/:id', async () => ({}))
}
`,
      'src/reports/index.ts': `import { Hono } from 'hono'
const reports = new Hono()
reports.get("/reports/daily", (c) => c.json([]))
reports.post('/reports', (c) => c.json({}))
export default reports
`,
    })
    expect(scanRoutes(join(dir, 'src/main.ts'))).toEqual(['/healthz', '/v1/users', '/v1/reports/daily'])
  })

  it('starts the server once and writes a readyPath and scenarios that answered 2xx; the run-ready config loads', async () => {
    const dir = project(EXPRESS_API)
    const { code, stderr } = await runProcess(process.execPath, [CLI, 'init'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
    })
    expect(code).toBe(0)
    expect(stderr).toMatch(
      /Started `npm run start` once: readyPath \/api\/health, load-tested \/api\/items \(answers: .*\/ 404/,
    )
    // npm's lockfile and no build script: perfgate installs the base itself, nothing to build.
    expect(stderr).not.toContain('ab.build')
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain(
      "readyPath: '/api/health', // answered 200 when perfgate init started the server",
    )
    expect(written).toContain("{ name: 'api-items', path: '/api/items' },")
    expect(written).not.toContain("path: '/'")
    expect(written).not.toContain('/api/broken') // answered 500
    expect(written).not.toContain('TODO')
    expect(written).not.toContain('ab: {')
    const config = await loadConfig({ cwd: dir })
    expect(config.plugins.map((p) => p.name)).toEqual(['perfgate:host', 'perfgate:bench'])
    expect(config.plugins.find((p) => p.name === 'perfgate:bench')?.sampled).toBe(true)
    expect(config.ab.build).toBeNull()
    // doctor starts it as perfgate run would and finds the scenario answering.
    const doctor = await runProcess(process.execPath, [CLI, 'doctor'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
    })
    expect(doctor.stdout).toMatch(
      /^ok\s+http\s+perfgate\.config\.ts, scenario "api-items": GET \S+\/api\/items answered 200$/m,
    )
    expect(doctor.stdout).toMatch(
      /^ok\s+ab\s+bench measures timings: a pull request's base gets your node_modules \(npm ci when its lockfile differs\) and has no build script to run, for A\/B$/m,
    )
  })

  it('writes a clearly marked TODO, and says so, when the server does not come up', async () => {
    const dir = project({
      'package.json': pkg({ start: 'node server.js' }),
      'server.js': `console.error('cannot connect to the database at db:5432'); process.exit(1)\n`,
    })
    const { code, stderr } = await runProcess(process.execPath, [CLI, 'init'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
    })
    expect(code).toBe(0)
    expect(stderr).toContain(`TODO in ${join(dir, 'perfgate.config.ts')}: set readyPath and scenarios`)
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain(
      '// TODO(perfgate): set readyPath and scenarios to routes of this app that answer 2xx.',
    )
    expect(written).toMatch(
      /could not check them: `npm run start` exited with code 1 \(last output: .*cannot connect to the database/,
    )
    expect(written).toContain("ab: { build: 'npm install' },") // no lockfile: npm installs from package.json
  })

  it('writes a TODO listing what answered when no route answers 2xx', async () => {
    const dir = project({
      'package.json': pkg({ start: 'node server.mjs' }),
      'server.mjs': `import { createServer } from 'node:http'
createServer((req, res) => res.writeHead(404).end()).listen(Number(process.env.PORT), '127.0.0.1')
`,
    })
    const { facts } = await writeStarterConfig(dir)
    expect(facts.routes?.tried.map((t) => t.status)).toEqual(facts.routes?.tried.map(() => 404))
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain('// TODO(perfgate)')
    expect(written).toContain('none answered 2xx: /health 404, /healthz 404')
  })
})

describe('perfgate init for a single-page app', () => {
  it('writes ab.build from the lockfile’s package manager and the build script, and checks a vite-plugin-pwa worker', async () => {
    const dir = project({
      'package.json': pkg(
        { dev: 'vite', build: 'vue-tsc && vite build' },
        { devDependencies: { 'vite-plugin-pwa': '^1.0.0' } },
      ),
      'package-lock.json': '{}\n',
      'vite.config.ts': `import { VitePWA } from 'vite-plugin-pwa'\nexport default { plugins: [VitePWA({ registerType: 'autoUpdate' })] }\n`,
    })
    const { facts } = await writeStarterConfig(dir)
    expect(facts).toMatchObject({
      preset: 'spa',
      abBuild: 'npm run build',
      serviceWorker: 'vite-plugin-pwa in vite.config.ts',
    })
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("presets: [spa({ serviceWorker: { mode: 'check' } })],")
    expect(written).toContain("ab: { build: 'npm run build' },")
    const config = await loadConfig({ cwd: dir })
    expect(config.plugins.map((p) => p.name)).toContain('perfgate:service-worker')
    expect(config.ab.build).toBe('npm run build')
  })

  it.each([
    ['pnpm-lock.yaml', {}, 'pnpm install --frozen-lockfile && pnpm run build'],
    ['yarn.lock', {}, 'yarn install --frozen-lockfile && yarn run build'],
    ['yarn.lock', { packageManager: 'yarn@4.5.0' }, 'yarn install --immutable && yarn run build'],
    ['bun.lock', {}, 'bun install --frozen-lockfile && bun run build'],
  ])('%s %j: %s', async (lockfile, extra, build) => {
    const dir = project({
      'package.json': pkg(
        { build: 'vite build' },
        { ...extra, dependencies: { 'workbox-window': '^7.0.0' } },
      ),
      [lockfile]: '\n',
      'vite.config.js': 'export default {}\n',
    })
    const { facts } = await writeStarterConfig(dir)
    expect(facts.abBuild).toBe(build)
    expect(facts.serviceWorker).toBe('workbox-window in package.json')
  })

  it('writes no ab.build without a package.json, and no worker check without a PWA', async () => {
    const dir = project({ 'vite.config.ts': 'export default {}\n' })
    const written = readFileSync(join(dir, 'vite.config.ts'), 'utf8')
    expect(written).toBeTruthy()
    await writeStarterConfig(dir)
    const config = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(config).toContain('presets: [spa()],')
    expect(config).not.toContain('ab:')
  })

  it('writes a commented user flow for an SPA that, uncommented, is a valid lighthouse block', async () => {
    const dir = project({ 'vite.config.ts': 'export default {}\n' })
    await writeStarterConfig(dir)
    const config = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    const lines = config.split('\n')
    const start = lines.indexOf('  // presets: [')
    const end = lines.indexOf('  // ],', start)
    expect(start).toBeGreaterThan(0)
    const source = lines
      .slice(start, end + 1)
      .map((line) => line.replace(/^ {2}\/\/ /, ''))
      .join('\n')
      .replace(/^presets: /, '')
      .replace(/,$/, '')
    // The preset call as an identity: what it is given is the lighthouse plugin's options.
    const presets = new Function('spa', `return ${source}`)((options: unknown) => options) as Array<{
      lighthouse: Parameters<typeof lighthousePlugin>[0]
    }>
    const options = presets[0].lighthouse
    expect(() => lighthousePlugin(options)).not.toThrow()
    expect(options).toMatchObject({ staticDistDir: 'dist', spa: true, flows: [{ name: 'menu' }] })
  })
})

describe('packageManagerOf', () => {
  it('with lockfiles of two package managers, picks the one running init (npx → npm), else the first', async () => {
    const { packageManagerOf } = await import('../../../core/config/project.js')
    const { dir, cleanup } = tempDir('init-two-lockfiles-')
    writeFileSync(join(dir, 'package.json'), '{ "name": "app" }\n')
    writeFileSync(join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n")
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3 }\n')
    const pkg = { scripts: {} }
    expect(packageManagerOf(dir, pkg, 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false')).toBe('npm')
    expect(packageManagerOf(dir, pkg, 'pnpm/9.15.0 npm/? node/v20.20.2 linux x64')).toBe('pnpm')
    expect(packageManagerOf(dir, pkg, '')).toBe('pnpm')
    expect(packageManagerOf(dir, pkg, 'yarn/1.22.22 npm/? node/v20.20.2')).toBe('pnpm')
    cleanup()
  })
})

describe('perfgate init for a SvelteKit app', () => {
  const kit = (config: string, extra: Record<string, string> = {}) =>
    project({
      'package.json': pkg(
        { build: 'vite build', preview: 'vite preview', start: 'node build' },
        { devDependencies: { '@sveltejs/kit': '^2.70.4', vite: '^8.3.8' } },
      ),
      'package-lock.json': '{}\n',
      'vite.config.ts':
        "import { sveltekit } from '@sveltejs/kit/vite'\nexport default { plugins: [sveltekit()] }\n",
      'svelte.config.js': config,
      'src/routes/+page.svelte': '<h1>Home</h1>\n',
      'src/routes/about/+page.svelte': '<h1>About</h1>\n',
      'src/routes/(marketing)/pricing/+page@.svelte': '<h1>Pricing</h1>\n',
      'src/routes/blog/[slug]/+page.svelte': '<h1>Post</h1>\n',
      'src/routes/docs/deep/page/+page.svelte': '<h1>Deep</h1>\n',
      'src/routes/api/health/+server.js': 'export const GET = () => new Response("ok")\n',
      ...extra,
    })

  it('adapter-node: the client output, `node build` on 127.0.0.1 at $PORT, three static routes; the config loads', async () => {
    const dir = kit(
      "import adapter from '@sveltejs/adapter-node'\nexport default { kit: { adapter: adapter() } }\n",
    )
    const { facts } = await writeStarterConfig(dir)
    expect(facts.preset).toBe('spa')
    expect(facts.framework).toEqual({
      name: 'sveltekit',
      description: 'SvelteKit (adapter-node in svelte.config.js)',
      clientDir: 'build/client',
      serve: { startServerCommand: 'HOST=127.0.0.1 node build' },
      pages: ['/', '/about', '/pricing'],
    })
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("bundle: { dir: 'build/client' }")
    expect(written).toContain(
      "lighthouse: { startServerCommand: 'HOST=127.0.0.1 node build', urls: ['/', '/about', '/pricing'] }",
    )
    const config = await loadConfig({ cwd: dir })
    expect(config.plugins.map((p) => p.name)).toEqual(
      expect.arrayContaining(['perfgate:bundle', 'perfgate:lighthouse']),
    )
    expect(config.budgets.map((b) => b.pattern)).toContain('bundle/route/**/initial-js/gzip')
  })

  it('adapter-node with out and envPrefix; adapter-static serves its prerendered folder; others use vite preview', async () => {
    const node = kit(
      "import adapter from '@sveltejs/adapter-node'\nexport default { kit: { adapter: adapter({ out: 'server-out', envPrefix: 'APP_' }) } }\n",
    )
    expect((await writeStarterConfig(node)).facts.framework).toMatchObject({
      clientDir: 'server-out/client',
      serve: { startServerCommand: 'APP_HOST=127.0.0.1 APP_PORT=$PORT node server-out' },
    })
    const statik = kit(
      "import adapter from '@sveltejs/adapter-static'\nexport default { kit: { adapter: adapter({ pages: 'public', fallback: '404.html' }) } }\n",
    )
    expect((await writeStarterConfig(statik)).facts.framework).toMatchObject({
      clientDir: 'public',
      serve: { staticDistDir: 'public' },
    })
    const auto = kit(
      "import adapter from '@sveltejs/adapter-auto'\nexport default { kit: { adapter: adapter() } }\n",
      {
        'pnpm-lock.yaml': '\n',
      },
    )
    rmSync(join(auto, 'package-lock.json')) // pnpm's lockfile alone: its `pnpm exec`
    const { facts } = await writeStarterConfig(auto)
    expect(facts.framework).toMatchObject({
      description: 'SvelteKit (adapter-auto in svelte.config.js)',
      clientDir: '.svelte-kit/output/client',
      serve: { startServerCommand: 'pnpm exec vite preview --host 127.0.0.1 --port $PORT --strictPort' },
    })
    await loadConfig({ cwd: auto })
  })
})

describe('perfgate init for an Astro site', () => {
  const site = (config: string) =>
    project({
      'package.json': pkg(
        { build: 'astro build', preview: 'astro preview' },
        { dependencies: { astro: '^5.0.0' } },
      ),
      'package-lock.json': '{}\n',
      'astro.config.mjs': config,
      'src/pages/index.astro': '<h1>Home</h1>\n',
      'src/pages/about.astro': '<h1>About</h1>\n',
      'src/pages/blog/index.md': '# Blog\n',
      'src/pages/blog/[slug].astro': '<h1>Post</h1>\n',
      'src/pages/_draft.astro': '<h1>Draft</h1>\n',
      'src/pages/404.astro': '<h1>Not found</h1>\n',
      'src/pages/rss.xml.js': 'export const GET = () => new Response("")\n',
    })

  it('static: audits the built dist/ from perfgate’s static server, pages from src/pages; the config loads', async () => {
    const dir = site("import { defineConfig } from 'astro/config'\nexport default defineConfig({})\n")
    const { facts } = await writeStarterConfig(dir)
    expect(facts.framework).toEqual({
      name: 'astro',
      description: 'Astro (static in astro.config.mjs)',
      clientDir: 'dist',
      serve: { staticDistDir: 'dist' },
      pages: ['/', '/about', '/blog'],
      // Astro takes Vite's options in its own config.
      viteConfig: { file: 'astro.config.mjs', nested: 'vite' },
    })
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("lighthouse: { staticDistDir: 'dist', urls: ['/', '/about', '/blog'] },")
    expect(written).toContain('(per route too)')
    await loadConfig({ cwd: dir })
  })

  it("output: 'server': the client folder, and astro preview on 127.0.0.1 at $PORT", async () => {
    const dir = site(
      "import node from '@astrojs/node'\nexport default { output: 'server', adapter: node({ mode: 'standalone' }) }\n",
    )
    const { facts } = await writeStarterConfig(dir)
    expect(facts.framework).toMatchObject({
      description: "Astro (output: 'server', @astrojs/node in astro.config.mjs)",
      clientDir: 'dist/client',
      serve: { startServerCommand: 'npx astro preview --host 127.0.0.1 --port $PORT' },
    })
    // Per route from the server build's manifest too.
    expect(readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')).toContain('(per route too)')
  })
})

describe('perfgate init for a Nuxt app', () => {
  const app = (build: string, files: Record<string, string>) =>
    project({
      'package.json': pkg(
        { build, preview: 'nuxt preview', postinstall: 'nuxt prepare' },
        { devDependencies: { nuxt: '^3.15.0' } },
      ),
      'package-lock.json': '{}\n',
      'nuxt.config.ts': 'export default defineNuxtConfig({ devtools: { enabled: true } })\n',
      ...files,
    })
  const PAGES = {
    'pages/index.vue': '<template><h1>Home</h1></template>\n',
    'pages/stack.vue': '<template><h1>Stack</h1></template>\n',
    'pages/projects/index.vue': '<template><h1>Projects</h1></template>\n',
    'pages/projects/[id].vue': '<template><h1>Project</h1></template>\n',
    'pages/(marketing)/pricing.client.vue': '<template><h1>Pricing</h1></template>\n',
    'pages/[...slug].vue': '<template><h1>Not found</h1></template>\n',
  }

  it('nuxt build: .output/public, Nitro’s own server on 127.0.0.1 at $PORT, pages from pages/; the config loads', async () => {
    const dir = app('nuxt build', PAGES)
    const { facts } = await writeStarterConfig(dir)
    expect(facts.framework).toEqual({
      name: 'nuxt',
      description: 'Nuxt (nuxt build in nuxt.config.ts)',
      clientDir: '.output/public',
      serve: { startServerCommand: 'NITRO_HOST=127.0.0.1 NITRO_PORT=$PORT node .output/server/index.mjs' },
      pages: ['/', '/pricing', '/projects'],
      viteConfig: { file: 'nuxt.config.ts', nested: 'vite' },
    })
    const written = readFileSync(join(dir, 'perfgate.config.ts'), 'utf8')
    expect(written).toContain("bundle: { dir: '.output/public' }")
    expect(written).toContain('(per route too)')
    await loadConfig({ cwd: dir })
  })

  it('Nuxt 4 keeps its pages in app/pages; nuxt generate is served from the static folder', async () => {
    const dir = app('nuxt generate', {
      'app/pages/index.vue': '<template><h1>Home</h1></template>\n',
      'app/pages/about.vue': '<template><h1>About</h1></template>\n',
    })
    expect((await writeStarterConfig(dir)).facts.framework).toEqual({
      name: 'nuxt',
      description: 'Nuxt (nuxt generate in package.json)',
      clientDir: '.output/public',
      serve: { staticDistDir: '.output/public' },
      pages: ['/', '/about'],
      // Vite's root is app/: perfgate/vite's data goes up to the project.
      viteConfig: { file: 'nuxt.config.ts', nested: 'vite', output: '../.perfgate/bundle.json' },
    })
  })

  it('recognises a nuxt.config without the dependency, and srcDir', async () => {
    const dir = project({
      'package.json': pkg({ build: 'nuxi build' }),
      'nuxt.config.ts': "export default defineNuxtConfig({ srcDir: 'src/' })\n",
      'src/pages/index.vue': '<template><h1>Home</h1></template>\n',
      'src/pages/docs.vue': '<template><h1>Docs</h1></template>\n',
    })
    expect((await writeStarterConfig(dir)).facts.framework).toMatchObject({
      name: 'nuxt',
      pages: ['/', '/docs'],
    })
  })
})
