/**
 * What A/B costs beside stored mode, at defaults, on this machine: the example SPA (examples/spa, built,
 * Lighthouse on its one page) and the example API (examples/api, two HTTP scenarios), each measured N
 * times in stored mode (head only, as `perfgate run` does before comparing with a stored baseline) and
 * in A/B (`--ab-dir` against an unchanged copy: a harmless pull request), interleaved so that the
 * machine's load falls on both alike. Prints each run's wall time, rounds a side and how it ended, then
 * the A/B / stored ratio per app. Goals (issue 28): SPA A/B ≤ 120 s and ≤ 3× stored; API A/B ≤ 60 s.
 * Run: npx vite build examples/spa && npx jiti test/bench/ab-cost.bench.ts   (env: N=3, APPS=spa,api,
 * CHROME_PATH)
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { UserConfig } from '../../core/config/types.js'
import { createMemoryLogger } from '../../core/report/logger.js'
import { run } from '../../core/run/run.js'
import { benchPlugin } from '../../plugins/bench/index.js'
import { lighthousePlugin } from '../../plugins/lighthouse/index.js'
import { REPO_ROOT } from '../helpers/paths.js'

const N = Number(process.env.N ?? 3)
const APPS = (process.env.APPS ?? 'spa,api').split(',')
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const SPA_DIST = join(REPO_ROOT, 'examples/spa/dist')
if (APPS.includes('spa') && !existsSync(join(SPA_DIST, 'index.html')))
  throw new Error('Build the example SPA first: npx vite build examples/spa')

interface App {
  name: string
  /** Writes one side's project into `dir`; `head` gets a harmless edit. */
  write(dir: string, head: boolean): void
  config(): UserConfig
}

const all: App[] = [
  {
    name: 'spa',
    write(dir, head) {
      cpSync(SPA_DIST, join(dir, 'dist'), { recursive: true })
      if (head) writeFileSync(join(dir, 'dist/harmless.txt'), 'a harmless edit\n')
    },
    config: () => ({ plugins: [lighthousePlugin({ staticDistDir: 'dist', spa: true, chromePath: CHROME })] }),
  },
  {
    name: 'api',
    write(dir, head) {
      mkdirSync(dir, { recursive: true })
      cpSync(join(REPO_ROOT, 'examples/api/server.mjs'), join(dir, 'server.mjs'))
      if (head) writeFileSync(join(dir, 'README.md'), 'a harmless edit\n')
    },
    config: () => ({
      plugins: [
        benchPlugin({
          files: ['bench/*.bench.ts'],
          http: {
            command: ['node', 'server.mjs'],
            readyPath: '/health',
            scenarios: [
              { name: 'list items', path: '/api/items?limit=20' },
              { name: 'one item', path: '/api/items/42' },
            ],
          },
        }),
      ],
    }),
  },
]
const apps = all.filter((app) => APPS.includes(app.name))

interface Row {
  ms: number
  rounds: number
  exit: number
  ended: string
  verdicts: string
}

async function once(app: App, mode: 'stored' | 'ab'): Promise<Row> {
  const root = mkdtempSync(join(tmpdir(), `perfgate-ab-cost-${app.name}-`))
  try {
    const head = join(root, 'head')
    const base = join(root, 'base')
    app.write(head, true)
    app.write(base, false)
    const started = performance.now()
    const result = await run({
      cwd: head,
      config: app.config(),
      ...(mode === 'ab' ? { ab: { dir: base } } : { compare: false }),
      logger: createMemoryLogger('error'),
      progress: false,
      write: false,
    })
    const ms = performance.now() - started
    const timed = result.report.metrics.filter((m) => (m.samples?.length ?? 0) > 0 && m.role === undefined)
    const counts = new Map<string, number>()
    for (const m of timed) counts.set(m.verdict ?? 'none', (counts.get(m.verdict ?? 'none') ?? 0) + 1)
    const sampling = result.report.findings.find((f) => f.ruleId === 'ab/sampling')?.message ?? ''
    const ended =
      mode === 'stored'
        ? result.report.plugins.map((p) => `${p.name.replace('perfgate:', '')} ${p.status}`).join(', ')
        : (/stopped because (.*)\.$/.exec(sampling)?.[1] ?? sampling) || 'no A/B finding'
    return {
      ms,
      rounds: Math.max(0, ...timed.map((m) => m.samples?.length ?? 0)),
      exit: result.exitCode,
      ended,
      verdicts: [...counts].map(([k, v]) => `${v} ${k}`).join(', '),
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const rows = new Map<string, { stored: Row[]; ab: Row[] }>(apps.map((a) => [a.name, { stored: [], ab: [] }]))
for (let i = 1; i <= N; i++)
  for (const app of apps)
    for (const mode of i % 2 === 1 ? (['stored', 'ab'] as const) : (['ab', 'stored'] as const)) {
      const row = await once(app, mode)
      rows.get(app.name)?.[mode].push(row)
      console.log(
        `${app.name} ${mode.padEnd(6)} ${i}/${N}: ${(row.ms / 1000).toFixed(1)} s, exit ${row.exit}, ${row.rounds} samples a side; timings ${row.verdicts || '-'}; ended: ${row.ended}`,
      )
    }
for (const [name, { stored, ab }] of rows) {
  const s = mean(stored.map((r) => r.ms)) / 1000
  const a = mean(ab.map((r) => r.ms)) / 1000
  const perRun = ab.map((r, i) => (r.ms / stored[i].ms).toFixed(2)).join(', ')
  console.log(
    `${name}: stored ${s.toFixed(1)} s, A/B ${a.toFixed(1)} s (min ${(Math.min(...ab.map((r) => r.ms)) / 1000).toFixed(1)}, max ${(Math.max(...ab.map((r) => r.ms)) / 1000).toFixed(1)}); A/B / stored ${(a / s).toFixed(2)} (per pair: ${perRun}); rounds a side mean ${mean(ab.map((r) => r.rounds)).toFixed(1)}`,
  )
}
