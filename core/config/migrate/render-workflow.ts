import { stringify } from 'yaml'
import type { PackageManager } from '../project.js'
import type { Migration } from './types.js'

// .github/workflows/perfgate.yml: pull requests are measured and compared, pushes to the default branch
// save the baseline (docs/github.md, examples/workflows/pull-request.yml). The translated tool's own
// steps (benchmarks that write a results file, toolchain setup) are kept before the perfgate Action.

export interface WorkflowOptions {
  sources: string[]
  packageManager: PackageManager | null
  /** npm with a lockfile: `npm ci`. */
  npmLocked: boolean
  /** The package.json build script, if any. */
  hasBuild: boolean
  /** The project folder relative to the repository root ('' at the root). */
  rootToCwd: string
  defaultBranch: string
}

const INSTALL: Record<PackageManager, string> = {
  npm: 'npm ci',
  pnpm: 'pnpm install --frozen-lockfile',
  yarn: 'yarn install --frozen-lockfile',
  'yarn-berry': 'yarn install --immutable',
  bun: 'bun install --frozen-lockfile',
}

/** Text for a `#` comment: a line terminator would end it and start YAML of its own. */
const comment = (text: string) => text.replace(/\s*[\n\r\u2028\u2029\u0085]\s*/g, ' ')

export function runScriptOf(manager: PackageManager | null, script: string): string {
  const m = manager === 'yarn-berry' ? 'yarn' : (manager ?? 'npm')
  return `${m} run ${script}`
}

export function renderWorkflow(m: Migration, o: WorkflowOptions): string {
  const w = m.workflow
  const steps: Array<Record<string, unknown> | string> = [
    { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
  ]
  const pm = o.packageManager
  if (w.node !== false && pm) {
    if (pm === 'pnpm') steps.push({ uses: 'pnpm/action-setup@v4' })
    if (pm === 'bun') steps.push({ uses: 'oven-sh/setup-bun@v2' })
    steps.push({
      uses: 'actions/setup-node@v4',
      with: { 'node-version': 24, ...(pm === 'bun' ? {} : { cache: pm === 'yarn-berry' ? 'yarn' : pm }) },
    })
  }
  steps.push(...(w.steps ?? []))
  const cwd = o.rootToCwd ? { 'working-directory': o.rootToCwd } : {}
  const install =
    w.install === undefined
      ? pm
        ? pm === 'npm' && !o.npmLocked
          ? 'npm install'
          : INSTALL[pm]
        : null
      : w.install
  if (install) steps.push({ run: install, ...cwd })
  const build = w.build === undefined ? (pm && o.hasBuild ? runScriptOf(pm, 'build') : null) : w.build
  if (build) steps.push({ run: build, ...cwd })
  const inputs = { ...w.actionInputs }
  if (o.rootToCwd)
    inputs['working-directory'] = { value: o.rootToCwd, comment: 'where perfgate.config.ts is' }
  const entries = Object.entries(inputs)
  const action =
    entries.length > 0
      ? { uses: 'perfgate/perfgate@v0', with: '__INPUTS__' }
      : { uses: 'perfgate/perfgate@v0' }
  steps.push(action)

  const job: Record<string, unknown> = { 'runs-on': 'ubuntu-latest', ...w.job, steps }
  const text = stringify({ jobs: { perfgate: job } }, { lineWidth: 0 })
  const withInputs = text.replace(
    /^( *)with: __INPUTS__$/m,
    (_, indent: string) =>
      `${indent}with:\n${entries.map(([k, v]) => `${indent}  ${k}: ${JSON.stringify(v.value)} # ${comment(v.comment)}`).join('\n')}`,
  )
  return `${[
    `# Written by \`perfgate init --from ${comment(o.sources.join(' --from '))}\`: measure every pull request against its base`,
    '# branch, and save the baseline on every push to the default branch (docs/github.md).',
    'name: perfgate',
    'on:',
    '  pull_request:',
    '  push:',
    `    branches: [${o.defaultBranch}]`,
    '',
    'permissions:',
    '  contents: write # save-baseline pushes to the perfgate-baselines branch (pushes only)',
    '  pull-requests: write # the sticky comment',
    '  checks: write # the check run',
    '',
  ].join('\n')}\n${withInputs}`
}
