/**
 * Same-job A/B at defaults on a real git repository, Lighthouse flow: a page whose button's click handler
 * busy-waits 50 ms on `main`; a branch either makes it 200 ms slower (`slower`) or changes only the
 * heading's text (`same`, harmless). Each comparison is a whole `run({ ab: { ref: 'main' } })` (the base
 * checked out from git by perfgate, the default sampling plan and time budget), with the flow
 * `[{ navigate: '/' }, { name: 'open', interact: click #menu }]` beside the page itself.
 * Prints, per comparison, the verdict of `lighthouse/menu/open/inp`, what else was flagged, the rounds a
 * side and the wall time; then how many slower changes were caught and how many harmless ones flagged.
 * Goal (issue 25): slower caught ≥ 9/10, harmless flagged 0/10.
 * Run: nice -n 19 npx jiti test/bench/ab-flows.bench.ts   (env: N=10, CASES=slower,same, CHROME_PATH)
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { run } from '../../core/run/run.js'
import { type LighthousePage, lighthousePlugin } from '../../plugins/lighthouse/index.js'

const N = Number(process.env.N ?? 10)
const CASES = (process.env.CASES ?? 'slower,same').split(',')
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const BASE_MS = 50
const EXTRA_MS = 200

function page(heading: string, busyMs: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Menu</title></head>
<body><h1>${heading}</h1><button id="menu" type="button">Open the menu</button><p id="state">Closed.</p>
<script>document.getElementById('menu').addEventListener('click', () => {
  const end = performance.now() + ${busyMs}; while (performance.now() < end) {}
  document.getElementById('state').textContent = 'Opened.' })</script></body></html>\n`
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stderr}`)
}

/** A repository with a bare origin: `main` at the base page, `change` checked out at the head page. */
function repository(root: string, head: string): string {
  const origin = join(root, 'origin.git')
  const repo = join(root, 'app')
  mkdirSync(join(repo, 'dist'), { recursive: true })
  git(root, 'init', '-q', '--bare', '-b', 'main', origin)
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'remote', 'add', 'origin', origin)
  writeFileSync(join(repo, 'package.json'), '{ "name": "app", "private": true }\n')
  writeFileSync(join(repo, 'dist/index.html'), page('Menu', BASE_MS))
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'base')
  git(repo, 'push', '-q', 'origin', 'main')
  git(repo, 'checkout', '-q', '-b', 'change')
  writeFileSync(join(repo, 'dist/index.html'), head)
  git(repo, 'commit', '-q', '-am', 'change')
  return repo
}

const click = async (p: LighthousePage) => {
  await p.click('#menu')
}

async function compare(kind: string) {
  const root = mkdtempSync(join(tmpdir(), 'perfgate-ab-flows-'))
  try {
    const head = kind === 'slower' ? page('Menu', BASE_MS + EXTRA_MS) : page('The menu', BASE_MS)
    const repo = repository(root, head)
    const started = performance.now()
    const result = await run({
      cwd: repo,
      config: {
        plugins: [
          lighthousePlugin({
            staticDistDir: 'dist',
            chromePath: CHROME,
            flows: [{ name: 'menu', steps: [{ navigate: '/' }, { name: 'open', interact: click }] }],
          }),
        ],
      },
      ab: { ref: 'main' },
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    const ms = performance.now() - started
    const inp = result.report.metrics.find((m) => m.id === 'lighthouse/menu/open/inp')
    const tested = result.report.metrics.filter(
      (m) => m.baseline?.source === 'same-job' && m.role === undefined,
    )
    const flagged = tested.filter((m) => m.verdict === 'regressed' || m.verdict === 'improved')
    const rounds = Math.max(0, ...tested.map((m) => m.samples?.length ?? 0))
    const median = (xs: number[] | undefined) => (xs ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : NaN)
    return {
      ms,
      inpVerdict: `${inp?.verdict ?? 'missing'}${inp?.reason ? ` — ${inp.reason}` : ''}`,
      caught: inp?.verdict === 'regressed',
      inp: `${Math.round(median(inp?.baseline?.samples))} → ${Math.round(median(inp?.samples))} ms`,
      flagged: flagged.map((m) => `${m.id} ${m.verdict}`),
      rounds,
      exit: result.exitCode,
      plugin: result.report.plugins.find((p) => p.name === 'perfgate:lighthouse')?.status,
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

for (const kind of CASES) {
  const rows = []
  for (let i = 1; i <= N; i++) {
    const row = await compare(kind)
    rows.push(row)
    process.stdout.write(
      `${kind} ${i}/${N}: INP ${row.inpVerdict} (${row.inp}); flagged [${row.flagged.join(', ')}]; ${row.rounds} rounds a side; exit ${row.exit}; plugin ${row.plugin}; ${(row.ms / 1000).toFixed(0)} s\n`,
    )
  }
  const count =
    kind === 'slower' ? rows.filter((r) => r.caught).length : rows.filter((r) => r.flagged.length > 0).length
  process.stdout.write(
    `${kind === 'slower' ? `+${EXTRA_MS} ms click handler: INP regressed` : 'harmless change: anything flagged'} ${count}/${N}\n`,
  )
}
