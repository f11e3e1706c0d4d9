import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { detectFramework, type FrameworkFacts } from './frameworks.js'

// What `perfgate init` can tell about a project from its files alone: a Vite app (and its framework) or an HTTP server,
// the package manager its lockfile belongs to, the build a pull request's base needs, and whether
// the build makes a service worker.

export interface PackageJson {
  main?: string
  packageManager?: string
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry' | 'bun'

export interface ProjectFacts {
  vite: string | null
  serverScript: string | null
  preset: 'spa' | 'api' | 'recommended'
  /** The package manager, from the lockfile (else `packageManager`); null without a package.json. */
  packageManager: PackageManager | null
  /**
   * The command that installs and builds a checkout of the base for A/B timings (`ab.build`): the
   * package's build script when it has one, after the lockfile's install except with npm's lockfile
   * (perfgate links or `npm ci`s the base's node_modules itself); null when there is nothing to run.
   */
  abBuild: string | null
  /** An npm lockfile (package-lock.json or npm-shrinkwrap.json): perfgate installs an A/B base itself. */
  npmLocked: boolean
  /** Why the build makes a service worker (`vite-plugin-pwa in vite.config.ts`), or null. */
  serviceWorker: string | null
  /** A Vite meta-framework (SvelteKit): its client output, production server and pages; null for a plain app. */
  framework: FrameworkFacts | null
}

const VITE_CONFIGS = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']

export function readPackageJson(cwd: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as PackageJson
  } catch {
    return null // no package.json (or not JSON): not a Node project, the recommended preset still applies
  }
}

/** What `init` can tell about a project from its files: a Vite app, an HTTP server, or neither. */
export function inspectProject(cwd: string): ProjectFacts {
  const vite = VITE_CONFIGS.find((name) => existsSync(join(cwd, name))) ?? null
  const pkg = readPackageJson(cwd)
  const scripts = pkg?.scripts ?? {}
  const name = ['start', 'serve', 'server'].find((s) => scripts[s] && !/\bvite\b/.test(scripts[s]))
  const serverScript = name ? runScript(packageManagerOf(cwd, pkg) ?? 'npm', name) : null
  const packageManager = packageManagerOf(cwd, pkg)
  const framework = detectFramework(cwd, pkg, packageManager ?? 'npm')
  const preset = vite || framework ? 'spa' : serverScript ? 'api' : 'recommended'
  return {
    vite,
    serverScript,
    preset,
    packageManager,
    abBuild: pkg && packageManager ? baseBuild(packageManager, cwd, Boolean(scripts.build)) : null,
    npmLocked: npmLocked(cwd),
    serviceWorker: vite || pkg ? serviceWorkerSource(cwd, vite, pkg) : null,
    framework,
  }
}

/**
 * The lockfile's package manager; with lockfiles of several, the one running init (`npx` sets npm's user
 * agent, `pnpm dlx` pnpm's), else the first found; without one, `packageManager` in package.json, else npm
 * (null without a package.json).
 */
export function packageManagerOf(
  cwd: string,
  pkg: PackageJson | null,
  userAgent = process.env.npm_config_user_agent ?? '',
): PackageManager | null {
  if (!pkg) return null
  const has = (...files: string[]) => files.some((f) => existsSync(join(cwd, f)))
  const yarn: PackageManager =
    has('.yarnrc.yml') || /^yarn@[2-9]/.test(pkg.packageManager ?? '') ? 'yarn-berry' : 'yarn'
  const locked: PackageManager[] = [
    ...(has('pnpm-lock.yaml') ? (['pnpm'] as const) : []),
    ...(has('bun.lockb', 'bun.lock') ? (['bun'] as const) : []),
    ...(has('yarn.lock') ? [yarn] : []),
    ...(has('package-lock.json', 'npm-shrinkwrap.json') ? (['npm'] as const) : []),
  ]
  const running = /^(npm|pnpm|yarn|bun)\//.exec(userAgent)?.[1]
  const chosen = locked.find((m) => m === running || (running === 'yarn' && m === 'yarn-berry')) ?? locked[0]
  if (chosen) return chosen
  const declared = /^(npm|pnpm|yarn|bun)@(\d+)/.exec(pkg.packageManager ?? '')
  if (declared?.[1] === 'yarn') return Number(declared[2]) >= 2 ? 'yarn-berry' : 'yarn'
  return (declared?.[1] as PackageManager | undefined) ?? 'npm'
}

function runScript(manager: PackageManager, script: string): string {
  return `${manager === 'yarn-berry' ? 'yarn' : manager} run ${script}`
}

/**
 * Installs exactly what the base's lockfile pins (a pull request may change it), then builds. Without a
 * lockfile npm installs from package.json.
 */
function npmLocked(cwd: string): boolean {
  return ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => existsSync(join(cwd, f)))
}

function baseBuild(manager: PackageManager, cwd: string, hasBuild: boolean): string | null {
  const locked = npmLocked(cwd)
  // With npm's lockfile perfgate installs the base itself: it links your node_modules when the lockfile
  // is the same (an `npm ci` there would throw that away and take a minute), else runs `npm ci`.
  if (manager === 'npm' && locked) return hasBuild ? runScript(manager, 'build') : null
  const install = {
    npm: locked ? 'npm ci' : 'npm install',
    pnpm: 'pnpm install --frozen-lockfile',
    yarn: 'yarn install --frozen-lockfile',
    'yarn-berry': 'yarn install --immutable',
    bun: 'bun install --frozen-lockfile',
  }[manager]
  return hasBuild ? `${install} && ${runScript(manager, 'build')}` : install
}

const PWA_PACKAGES = /^(vite-plugin-pwa|@vite-pwa\/.+|workbox-.+)$/

/** Where the build is seen to make a service worker: vite-plugin-pwa in the Vite config, or a PWA dependency. */
function serviceWorkerSource(cwd: string, vite: string | null, pkg: PackageJson | null): string | null {
  if (vite) {
    const text = readFileSync(join(cwd, vite), 'utf8')
    if (/['"]vite-plugin-pwa['"]|\bVitePWA\s*\(/.test(text)) return `vite-plugin-pwa in ${vite}`
  }
  const deps = Object.keys({ ...pkg?.dependencies, ...pkg?.devDependencies })
  const found = deps.find((name) => PWA_PACKAGES.test(name))
  return found ? `${found} in package.json` : null
}

/** `npx vite`, `pnpm exec vite`…: the project's own Vite, as its package manager runs a binary. */
export function binaryCommand(manager: PackageManager, bin: string): string {
  return {
    npm: `npx ${bin}`,
    pnpm: `pnpm exec ${bin}`,
    yarn: `yarn ${bin}`,
    'yarn-berry': `yarn ${bin}`,
    bun: `bunx ${bin}`,
  }[manager]
}
