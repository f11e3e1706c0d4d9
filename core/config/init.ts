import { existsSync, readFileSync } from 'node:fs'
import { appendFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PerfgateError } from '../model/errors.js'
import { slugify, uniqueSlugs } from '../toolkit/slug.js'
import { configSearchDirs, findConfigFile } from './find.js'
import type { FrameworkFacts } from './frameworks.js'
import type { RouteDiscovery } from './probe-routes.js'
import { inspectProject, type ProjectFacts, readPackageJson } from './project.js'

export { inspectProject, type ProjectFacts } from './project.js'

/** What init found, with the routes a server answered (api preset only). */
export interface InitFacts extends ProjectFacts {
  routes?: RouteDiscovery
}

/** `'…'` with the quote and backslash escaped: a value written into the config's source. */
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

export function starterConfig(facts: InitFacts): string {
  const fw = facts.framework
  const notes = [
    fw
      ? `// Found ${fw.description}: the spa preset budgets bundle size (per route too) and Core Web Vitals of the production build.`
      : facts.vite
        ? `// Found ${facts.vite}: the spa preset budgets bundle size and Core Web Vitals.`
        : null,
    facts.preset === 'spa' && facts.serviceWorker && !fw
      ? `// Found ${facts.serviceWorker}: the build makes a service worker, checked in dist/ (serviceWorker).`
      : null,
    facts.preset === 'api'
      ? `// Found a server script (${facts.serverScript}): the api preset load-tests it and budgets latency and errors.`
      : null,
  ].filter(Boolean)
  // The api preset measures nothing of the server unless told how to start it and what to request.
  const preset =
    facts.preset === 'api' && facts.serverScript
      ? apiPreset(facts.serverScript, facts.routes)
      : fw
        ? frameworkPreset(fw)
        : facts.preset === 'spa' && facts.serviceWorker
          ? ["  presets: [spa({ serviceWorker: { mode: 'check' } })],"]
          : [`  presets: [${facts.preset}()],`]
  // Lighthouse (spa) and HTTP load (api) measure timings in rounds: pull requests time their base in the
  // same job (A/B), which needs the base installed and built.
  const ab =
    facts.abBuild && facts.preset !== 'recommended'
      ? [
          '  // Builds the base of a pull request for same-job A/B timings (`perfgate run --ab`, the Action).',
          `  ab: { build: ${quote(facts.abBuild)} },`,
        ]
      : []
  const flows =
    facts.preset === 'spa'
      ? flowSkeleton(
          Boolean(facts.serviceWorker) && !fw,
          fw ? frameworkLighthouse(fw) : DEFAULT_LIGHTHOUSE,
          fw,
        )
      : []
  return `${[
    "import { defineConfig } from 'perfgate'",
    "import { hostPlugin } from 'perfgate/plugins'",
    `import { ${facts.preset} } from 'perfgate/presets'`,
    '',
    ...notes,
    'export default defineConfig({',
    ...preset,
    ...flows,
    ...ab,
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

const DEFAULT_LIGHTHOUSE = ["staticDistDir: 'dist'", 'spa: true']

/** The Lighthouse options of a framework's app: its production server (or built folder) and pages. */
function frameworkLighthouse(fw: FrameworkFacts): string[] {
  const serve =
    'startServerCommand' in fw.serve
      ? [`startServerCommand: ${quote(fw.serve.startServerCommand)}`]
      : [`staticDistDir: ${quote(fw.serve.staticDistDir)}`]
  return fw.pages.length > 0 ? [...serve, `urls: [${fw.pages.map(quote).join(', ')}]`] : serve
}

/** A framework's app: the bundle plugin reads its client output (per-route sizes), Lighthouse its production server. */
function frameworkPreset(fw: FrameworkFacts): string[] {
  return [
    '  presets: [',
    '    spa({',
    `      bundle: { dir: ${quote(fw.clientDir)} }, // what the browser downloads`,
    `      lighthouse: { ${frameworkLighthouse(fw).join(', ')} },${'startServerCommand' in fw.serve ? ' // the production server: it must listen on 127.0.0.1 at $PORT' : ''}`,
    '    }),',
    '  ],',
  ]
}

/**
 * A commented Lighthouse user flow for a single-page app: what INP needs (an interaction), with the
 * preset's own page options kept, since `lighthouse` replaces them.
 */
function flowSkeleton(serviceWorker: boolean, lighthouse: string[], fw: FrameworkFacts | null): string[] {
  return [
    '  // INP needs an interaction: a user flow clicks through the app (docs/lighthouse.md#flows-and-inp).',
    '  // Replace the presets line above with this, with selectors of your app:',
    '  // presets: [',
    '  //   spa({',
    ...(serviceWorker ? ["  //     serviceWorker: { mode: 'check' },"] : []),
    ...(fw ? [`  //     bundle: { dir: ${quote(fw.clientDir)} },`] : []),
    '  //     lighthouse: {',
    ...lighthouse.map((line) => `  //       ${line},`),
    '  //       flows: [',
    '  //         {',
    "  //           name: 'menu',",
    '  //           steps: [',
    "  //             { navigate: '/' },",
    "  //             { name: 'open', interact: async (page) => { await page.click('#menu') } },",
    "  //             { snapshot: 'opened' },",
    '  //           ],',
    '  //         },',
    '  //       ],',
    '  //     },',
    '  //   }),',
    '  // ],',
  ]
}

/** A short scenario name from a path: `/` is `home`, `/api/items` is `api-items`. */
function scenarioName(path: string): string {
  return path === '/' ? 'home' : slugify(path)
}

function apiPreset(command: string, routes: RouteDiscovery | undefined): string[] {
  const verified = routes && routes.readyPath !== null && routes.scenarios.length > 0
  const readyPath = routes?.readyPath ?? '/'
  const scenarios = verified ? routes.scenarios : ['/']
  const todo = verified ? [] : routesTodo(routes)
  const answered = (path: string) => routes?.tried.find((t) => t.path === path)?.status
  return [
    '  presets: [',
    '    api({',
    '      bench: {',
    '        http: {',
    `          command: ${quote(command)}, // must listen on 127.0.0.1 at $PORT`,
    ...todo,
    verified
      ? `          readyPath: ${quote(readyPath)}, // answered ${answered(readyPath)} when perfgate init started the server; polled until 2xx/3xx`
      : `          readyPath: ${quote(readyPath)}, // polled until it answers 2xx/3xx`,
    '          scenarios: [',
    ...uniqueSlugs(scenarios, scenarioName).map(
      (name, i) => `            { name: ${quote(name)}, path: ${quote(scenarios[i]!)} },`,
    ),
    '          ], // add the routes that matter',
    '        },',
    '      },',
    '    }),',
    '  ],',
  ]
}

/** The clearly marked TODO written when no route was seen answering 2xx. */
function routesTodo(routes: RouteDiscovery | undefined): string[] {
  const lines = [
    '          // TODO(perfgate): set readyPath and scenarios to routes of this app that answer 2xx.',
  ]
  if (!routes) return lines
  if (routes.problem)
    lines.push(`          // perfgate init could not check them: ${routes.problem.replace(/\n/g, ' ')}`)
  else
    lines.push(
      `          // perfgate init started the server; none answered 2xx: ${routes.tried.map((t) => `${t.path} ${t.status ?? 'no answer'}`).join(', ')}`,
    )
  if (routes.sourceRoutes.length > 0)
    lines.push(`          // Routes in the source: ${routes.sourceRoutes.slice(0, 12).join(', ')}`)
  return lines
}

/**
 * Writes perfgate.config.ts and makes git ignore `.perfgate/`. Refuses when a config already exists
 * here (it would be replaced) or in a folder above up to the git root (perfgate already uses that one
 * here, and a second config would silently split the project); `force` writes anyway.
 */
export async function writeStarterConfig(
  cwd: string,
  options: { force?: boolean; startServer?: boolean; serverTimeoutMs?: number } = {},
) {
  refuseExistingConfig(cwd, options.force, {
    here: 'Edit it, or run `perfgate init --force` to replace it with a starter config.',
    above: (dir) =>
      `Edit it (paths in it are relative to ${dir}), or run \`perfgate init --force\` to give this folder a config of its own.`,
  })
  const facts: InitFacts = inspectProject(cwd)
  // A server is started once to see which routes answer 2xx (unless told not to): readyPath and scenarios.
  if (facts.preset === 'api' && facts.serverScript && options.startServer !== false) {
    const { discoverRoutes } = await import('./probe-routes.js')
    facts.routes = await discoverRoutes(cwd, facts.serverScript, readPackageJson(cwd), {
      timeoutMs: options.serverTimeoutMs,
    })
  }
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

/**
 * `init` never overwrites a config without --force: the one it would shadow or replace is named, here or
 * in a folder above (where `perfgate run` already finds it), with what to do instead.
 */
export function refuseExistingConfig(
  cwd: string,
  force: boolean | undefined,
  hint: { here: string; above: (dir: string) => string },
): void {
  const existing = findConfigFile(cwd)
  if (!existing || force) return
  const here = dirname(existing) === cwd
  throw new PerfgateError(
    'USAGE',
    here
      ? `A config already exists: ${existing}.`
      : `A config already exists above this folder: ${existing}. \`perfgate run\` here already uses it.`,
    { hint: here ? hint.here : hint.above(dirname(existing)) },
  )
}
