import { existsSync, readFileSync } from 'node:fs'
import { appendFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PerfgateError } from '../model/errors.js'
import { configSearchDirs, findConfigFile } from './find.js'

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
    facts.preset === 'api'
      ? `// Found a server script (${facts.serverScript}): the api preset load-tests it and budgets latency and errors.`
      : null,
  ].filter(Boolean)
  // The api preset measures nothing of the server unless told how to start it and what to request.
  const preset =
    facts.preset === 'api' && facts.serverScript
      ? [
          '  presets: [',
          '    api({',
          '      bench: {',
          '        http: {',
          `          command: '${facts.serverScript}', // must listen on 127.0.0.1 at $PORT`,
          "          readyPath: '/', // polled until the server answers",
          "          scenarios: [{ name: 'home', path: '/' }], // add the routes that matter",
          '        },',
          '      },',
          '    }),',
          '  ],',
        ]
      : [`  presets: [${facts.preset}()],`]
  return `${[
    "import { defineConfig } from 'perfgate'",
    "import { hostPlugin } from 'perfgate/plugins'",
    `import { ${facts.preset} } from 'perfgate/presets'`,
    '',
    ...notes,
    'export default defineConfig({',
    ...preset,
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

/**
 * Writes perfgate.config.ts and makes git ignore `.perfgate/`. Refuses when a config already exists
 * here (it would be replaced) or in a folder above up to the git root (perfgate already uses that one
 * here, and a second config would silently split the project); `force` writes anyway.
 */
export async function writeStarterConfig(cwd: string, options: { force?: boolean } = {}) {
  const existing = findConfigFile(cwd)
  if (existing && !options.force) {
    const here = dirname(existing) === cwd
    throw new PerfgateError(
      'USAGE',
      here
        ? `A config already exists: ${existing}.`
        : `A config already exists above this folder: ${existing}. \`perfgate run\` here already uses it.`,
      {
        hint: here
          ? 'Edit it, or run `perfgate init --force` to replace it with a starter config.'
          : `Edit it (paths in it are relative to ${dirname(existing)}), or run \`perfgate init --force\` to give this folder a config of its own.`,
      },
    )
  }
  const facts = inspectProject(cwd)
  const file = join(cwd, 'perfgate.config.ts')
  await writeFile(file, starterConfig(facts))
  const gitignore = await ignoreOutput(cwd)
  return { file, facts, gitignore }
}

const IGNORE_LINE = '.perfgate/'

/**
 * Adds `.perfgate/` to this folder's .gitignore (created if missing) unless a .gitignore here or above,
 * up to the git root, already ignores it. Returns what was done.
 */
export async function ignoreOutput(cwd: string): Promise<'created' | 'added' | 'present'> {
  const { dirs } = configSearchDirs(cwd)
  for (const dir of dirs) {
    const lines = readLines(join(dir, '.gitignore'))
    // An anchored `/.perfgate/` only covers its own folder; `.perfgate/` and `.perfgate` cover all below.
    const covers = (line: string) =>
      line === '.perfgate' || line === '.perfgate/' || line === '**/.perfgate' || line === '**/.perfgate/'
    const anchored = (line: string) => line === '/.perfgate' || line === '/.perfgate/'
    if (lines.some((l) => covers(l) || (dir === cwd && anchored(l)))) return 'present'
  }
  const file = join(cwd, '.gitignore')
  if (!existsSync(file)) {
    await writeFile(file, `# perfgate's reports and artifacts\n${IGNORE_LINE}\n`)
    return 'created'
  }
  const text = readFileSync(file, 'utf8')
  const separator = text === '' || text.endsWith('\n') ? '' : '\n'
  await appendFile(file, `${separator}\n# perfgate's reports and artifacts\n${IGNORE_LINE}\n`)
  return 'added'
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
  } catch {
    return []
  }
}
