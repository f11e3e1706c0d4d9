import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, REPO_ROOT, tempDir } from '../helpers/paths.js'
import { runProcess } from '../helpers/process.js'

// The README's setup on a fresh project: `npm i -D perfgate` (here the packed tarball), then CI's
// `npm ci`, with this machine's npm (11) and with npm 10. npm ci rejects a lockfile whose tree has a
// dist-tag dependency ("third-party-web": "latest", below lighthouse >= 12.3) as soon as the lockfile
// omits registry URLs (omit-lockfile-registry-resolved, set here and on many CI mirrors): the test
// sets it, so it fails whenever such a dependency comes back into perfgate's tree.

const { dir: root, cleanup } = tempDir('perfgate-install-')
let tarball = ''
let npm10 = ''
/** `npm pack --json`'s account of the tarball: what ships, and its sizes. */
let packed: { filename: string; size: number; files: Array<{ path: string; size: number }> }

/** npm's environment without what an enclosing `npm test` put there (npm_config_*, npm_package_*). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!/^npm_/i.test(name) && name !== 'INIT_CWD') env[name] = value
  return {
    ...env,
    npm_config_omit_lockfile_registry_resolved: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  }
}

async function npm(bin: string, args: string[], cwd: string) {
  const result = await runProcess(bin, args, { cwd, env: npmEnv() })
  if (result.code !== 0)
    throw new Error(
      `${bin} ${args.join(' ')} (in ${cwd}) exited ${result.code}:\n${result.stderr.slice(-3000)}`,
    )
  return result
}

beforeAll(async () => {
  // `npm test` builds first; packing without scripts reuses that build instead of building again.
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`)
  const destination = join(root, 'packed')
  mkdirSync(destination)
  const { stdout } = await npm(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    REPO_ROOT,
  )
  packed = JSON.parse(String(stdout))[0]
  tarball = join(destination, packed.filename)
}, 120_000)
// Two node_modules of ~560 packages each take a while to remove on a busy machine.
afterAll(cleanup, 120_000)

/** Every file an `exports` entry or `bin` points at, without `./`. */
function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
    exports: Record<string, string | Record<string, string>>
  }
  const targets = [
    ...Object.values(pkg.bin),
    ...Object.values(pkg.exports).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : Object.values(entry),
    ),
  ]
  return [...new Set(targets.map((target) => target.replace(/^\.\//, '')))]
}

describe('what the tarball ships (npm pack)', () => {
  const paths = () => packed.files.map((file) => file.path)

  it('the entry points, the schema, the Action, README, LICENSE and CHANGELOG', () => {
    const expected = [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'action.yml', // `uses: ./node_modules/perfgate` runs the Action at the installed version
      'core/model/report.schema.json',
      ...entryPoints(),
    ]
    expect(entryPoints()).toContain('dist/core/cli/bin.js')
    expect(paths()).toEqual(expect.arrayContaining(expected))
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} perfgate contributors\n/,
    )
  })

  it('nothing else: compiled JS and its types, no sources, maps, tests, CI files, outputs or node_modules', () => {
    const fixed = new Set([
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'action.yml',
      'core/model/report.schema.json',
    ])
    const stray = paths().filter(
      (path) => !fixed.has(path) && !/^dist\/(core|plugins|presets)\/.+\.(js|d\.ts)$/.test(path),
    )
    expect(stray).toEqual([])
    const forbidden =
      /(^|\/)(test|\.ci|\.github|\.perfgate|node_modules|examples|docs|fixtures)\/|\.map$|\.tsbuildinfo$/
    expect(paths().filter((path) => forbidden.test(path))).toEqual([])
  })

  it('no stale build output: every dist file has its source (npm run build empties dist/ first)', () => {
    const orphans = paths()
      .filter((path) => path.startsWith('dist/'))
      .filter(
        (path) =>
          !existsSync(join(REPO_ROOT, path.replace(/^dist\//, '').replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'))),
      )
    expect(orphans, 'left by a deleted source: npm run build').toEqual([])
  })

  it('stays small: under 1 MB packed (about 0.5 MB today)', () => {
    expect(packed.size).toBeLessThan(1_000_000)
  })
})

/** A small app with one dependency and its lockfile, as a project is before it adds perfgate. */
async function scaffold(name: string, run: (args: string[], cwd: string) => Promise<unknown>) {
  const app = join(root, `app-${name}`)
  mkdirSync(app)
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies: { picocolors: '^1.1.1' } }, null, 2)}\n`,
  )
  await run(['install', '--prefer-offline'], app)
  return app
}

describe.concurrent('npm i -D perfgate, then npm ci (the README on a fresh machine)', () => {
  beforeAll(async () => {
    await npm('npm', ['i', '--no-save', '--prefix', join(root, 'npm10'), 'npm@10'], root)
    npm10 = join(root, 'npm10/node_modules/npm/bin/npm-cli.js')
  }, 120_000)

  it.each([
    ['npm 11 (this machine’s)', 'npm11'],
    ['npm 10', 'npm10'],
  ])(
    '%s',
    async (_label, name) => {
      const run = (args: string[], cwd: string) =>
        name === 'npm10' ? npm(process.execPath, [npm10, ...args], cwd) : npm('npm', args, cwd)
      const version = String((await run(['--version'], root)).stdout).trim()
      expect(version).toMatch(name === 'npm10' ? /^10\./ : /^11\./)
      const app = await scaffold(name, run)
      // Scripts are skipped for speed: whether a lockfile is in sync does not depend on them.
      await run(['i', '-D', tarball, '--prefer-offline', '--ignore-scripts'], app)
      const lock = readFileSync(join(app, 'package-lock.json'), 'utf8')
      expect(lock).toContain('"node_modules/perfgate"')
      expect(lock).not.toContain('"resolved": "https://registry') // the strict case is the one tested
      const ci = await runProcess(
        name === 'npm10' ? process.execPath : 'npm',
        [...(name === 'npm10' ? [npm10] : []), 'ci', '--prefer-offline', '--ignore-scripts'],
        { cwd: app, env: npmEnv() },
      )
      expect(ci.stderr).not.toMatch(/Missing: .* from lock file|npm error/)
      expect(ci.code).toBe(0)
      // What `npm ci` installed runs.
      const help = await runProcess(
        process.execPath,
        [join(app, 'node_modules/perfgate/dist/core/cli/bin.js'), '--version'],
        { cwd: app },
      )
      expect(help.code).toBe(0)
      expect(help.stdout.trim()).toMatch(/\d+\.\d+\.\d+/)
    },
    300_000,
  )
})
