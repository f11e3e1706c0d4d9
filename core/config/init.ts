import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PerfgateError } from '../model/errors.js'
import { CONFIG_NAMES } from './find.js'

export interface ProjectFacts {
  vite: string | null
  serverScript: string | null
  preset: 'spa' | 'api' | 'recommended'
}

const VITE_CONFIGS = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']

/** What `init` can tell about a project from its files: a Vite app, an HTTP server, or neither. */
export function inspectProject(cwd: string): ProjectFacts {
  const vite = VITE_CONFIGS.find((name) => existsSync(join(cwd, name))) ?? null
  let serverScript: string | null = null
  try {
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
    const scripts = pkg.scripts ?? {}
    const name = ['start', 'serve', 'server'].find((s) => scripts[s] && !/\bvite\b/.test(scripts[s]))
    serverScript = name ? `npm run ${name}` : null
  } catch {
    // no package.json: not a Node project, the recommended preset still applies
  }
  const preset = vite ? 'spa' : serverScript ? 'api' : 'recommended'
  return { vite, serverScript, preset }
}

export function starterConfig(facts: ProjectFacts): string {
  const notes = [
    facts.vite ? `// Found ${facts.vite}: the spa preset budgets bundle size and Core Web Vitals.` : null,
    facts.serverScript
      ? `// Found a server script (${facts.serverScript}): the api preset budgets latency and errors.`
      : null,
  ].filter(Boolean)
  return `${[
    "import { defineConfig } from 'perfgate'",
    "import { hostPlugin } from 'perfgate/plugins'",
    `import { ${facts.preset} } from 'perfgate/presets'`,
    '',
    ...notes,
    'export default defineConfig({',
    `  presets: [${facts.preset}()],`,
    '  plugins: [',
    "    // hostPlugin({ services: [{ name: 'api', url: 'http://127.0.0.1:3000/health' }] }),",
    '  ],',
    '  budgets: {',
    "    // 'host/memory/used': { max: 85 },",
    '  },',
    "  failOn: 'regression',",
    '})',
  ].join('\n')}\n`.replace(
    "import { hostPlugin } from 'perfgate/plugins'\n",
    "// import { hostPlugin } from 'perfgate/plugins'\n",
  )
}

/** Writes perfgate.config.ts; refuses to overwrite an existing config unless forced. */
export async function writeStarterConfig(cwd: string, options: { force?: boolean } = {}) {
  const existing = CONFIG_NAMES.map((name) => join(cwd, name)).find((file) => existsSync(file))
  if (existing && !options.force)
    throw new PerfgateError('USAGE', `A config already exists: ${existing}.`, {
      hint: 'Edit it, or run `perfgate init --force` to replace it with a starter config.',
    })
  const facts = inspectProject(cwd)
  const file = join(cwd, 'perfgate.config.ts')
  await writeFile(file, starterConfig(facts))
  return { file, facts }
}
