/**
 * Baseline store benchmark: a remote whose baseline branch holds 10,000 records (one commit each,
 * as 10,000 saves would leave it), reached over git's real transfer protocol (a file:// URL).
 *
 *   npx jiti test/bench/store.bench.ts [records]
 *
 * Measures a pull request's lookup (fetch included) and what it downloads, one save, and 8
 * concurrent saves (none may be lost).
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createBaselineStore } from '../../core/baseline/index.js'
import type { RunReport } from '../../core/model/types.js'
import { createMemoryLogger } from '../../core/report/logger.js'
import { makeReport, TEST_HOST } from '../helpers/reports.js'

const run = promisify(execFile)
const RECORDS = Number(process.argv[2]) || 10_000
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: ENV, maxBuffer: 256 * 1024 * 1024 })
  return stdout.trim()
}

/** Feeds a fast-import stream to a repository: thousands of commits in one process. */
function fastImport(cwd: string, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], {
      cwd,
      env: ENV,
      stdio: ['pipe', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`))))
    child.stdin.end(stream)
  })
}

/** A report of the size a real one has: a few dozen metrics, timing ones with samples. */
function report(commit: string, i: number): RunReport {
  const metrics: RunReport['metrics'] = []
  for (let m = 0; m < 24; m++) {
    const base = 1000 + ((i * 7919 + m * 104729) % 5000)
    const sampled = m % 3 === 0
    metrics.push({
      id: `bench/metric-${m}/value`,
      plugin: 'perfgate:bench',
      title: `Metric ${m}`,
      unit: sampled ? 'ms' : 'bytes',
      better: 'lower',
      value: base,
      ...(sampled ? { samples: Array.from({ length: 10 }, (_, s) => base + ((s * 31 + i) % 97) / 10) } : {}),
      verdict: 'unchanged',
    })
  }
  return makeReport({
    tool: { name: 'perfgate', version: '0.1.0' },
    createdAt: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
    commit,
    host: {
      ...TEST_HOST,
      cpuModel: 'Bench CPU',
      memoryBytes: 8 * 1024 ** 3,
      node: process.version,
      ci: { provider: 'github', runner: 'ubuntu-latest' },
    },
    plugins: [{ name: 'perfgate:bench', status: 'ok', durationMs: 1234 + (i % 100) }],
    metrics,
  })
}

async function packBytes(dir: string): Promise<number> {
  const folder = join(dir, 'objects', 'pack')
  let total = 0
  for (const name of await readdir(folder))
    if (name.endsWith('.pack')) total += (await stat(join(folder, name))).size
  return total
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await work()
  return [value, performance.now() - start]
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const ms = (time: number) => `${time.toFixed(0)} ms`

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'perfgate-store-bench-'))
  try {
    const origin = join(dir, 'origin.git')
    await git(dir, ['init', '-q', '--bare', '-b', 'main', origin])
    await git(origin, ['config', 'uploadpack.allowFilter', 'true']) // as on GitHub

    let built = performance.now()
    // main: RECORDS commits, one file changing.
    let stream = ''
    for (let i = 0; i < RECORDS; i++) {
      const content = `line ${i}\n`
      stream += `commit refs/heads/main\ncommitter bench <bench@example.com> ${1_700_000_000 + i * 60} +0000\n`
      stream += `data 7\nchange\nM 100644 inline app.txt\ndata ${content.length}\n${content}\n`
    }
    await fastImport(origin, stream)
    const mainCommits = (await git(origin, ['rev-list', '--reverse', 'main'])).split('\n')
    // The baseline branch: one commit per record, each adding runs/<aa>/<sha>.json.
    stream = ''
    mainCommits.forEach((sha, i) => {
      const data = JSON.stringify(report(sha, i), null, 2)
      stream += `commit refs/heads/perfgate-baselines\ncommitter perfgate <p@example.com> ${1_700_000_000 + i * 60} +0000\n`
      stream += `data 15\nperfgate record\nM 100644 inline runs/${sha.slice(0, 2)}/${sha}.json\n`
      stream += `data ${Buffer.byteLength(data)}\n${data}\n`
    })
    await fastImport(origin, stream)
    await git(origin, ['gc', '-q'])
    built = performance.now() - built
    const files = Number(
      await git(origin, ['ls-tree', '-r', '--name-only', 'perfgate-baselines']).then(
        (o) => o.split('\n').length,
      ),
    )
    console.log(
      `remote built in ${ms(built)}: ${files} records on perfgate-baselines, ${mainCommits.length} commits on main`,
    )

    // What downloading the whole branch would cost, for comparison.
    const full = join(dir, 'full.git')
    await git(dir, [
      'clone',
      '-q',
      '--bare',
      '--single-branch',
      '--branch',
      'perfgate-baselines',
      `file://${origin}`,
      full,
    ])
    const fullBytes = await packBytes(full)
    const tipOnly = join(dir, 'tip.git')
    await git(dir, [
      'clone',
      '-q',
      '--bare',
      '--depth=1',
      '--branch',
      'perfgate-baselines',
      `file://${origin}`,
      tipOnly,
    ])
    const tipBytes = await packBytes(tipOnly)

    // The pull request: a clone of main with a feature commit on top of main~5 (which has a record).
    const project = join(dir, 'project')
    await git(dir, ['clone', '-q', '--single-branch', '--branch', 'main', `file://${origin}`, project])
    await git(project, ['switch', '-q', '-c', 'feature', 'main~5'])
    await writeFile(join(project, 'feature.txt'), 'feature\n')
    await git(project, ['add', 'feature.txt'])
    await git(project, ['commit', '-q', '-m', 'feature'])
    const config = {
      root: project,
      baseline: {
        store: 'git' as const,
        branch: 'perfgate-baselines',
        remote: 'origin',
        dir: '',
        base: 'main',
      },
    }
    const store = createBaselineStore(config, { logger: createMemoryLogger('warn') })

    const lookups: Array<{ time: number; bytes: number; fetches: number; found: boolean; history: number }> =
      []
    for (let i = 0; i < 3; i++) {
      const [lookup, time] = await timed(() => store.lookup())
      lookups.push({
        time,
        bytes: lookup.stats?.fetchedBytes ?? 0,
        fetches: lookup.stats?.fetches ?? 0,
        found: lookup.baseline?.commit === mainCommits[mainCommits.length - 6],
        history: lookup.history.length,
      })
    }
    const lookup = lookups.sort((a, b) => a.time - b.time)[1] // the median of three

    // One save onto the 10,000-record branch, from the feature commit.
    const head = await git(project, ['rev-parse', 'HEAD'])
    const saves: number[] = []
    for (let i = 0; i < 3; i++) {
      const [, time] = await timed(() => store.save(report(head, RECORDS + i)))
      saves.push(time)
    }
    saves.sort((a, b) => a - b)

    // 8 writers at once, each its own store instance, on 8 distinct commits.
    const writers = mainCommits.slice(0, 8).map((sha, i) => ({ sha, data: report(sha, RECORDS + 10 + i) }))
    const [, concurrentTime] = await timed(() =>
      Promise.all(
        writers.map((w) => createBaselineStore(config, { logger: createMemoryLogger('warn') }).save(w.data)),
      ),
    )
    const tipTree = await git(origin, ['ls-tree', '-r', 'perfgate-baselines'])
    const blobs = new Map(
      tipTree.split('\n').map((line) => [line.split('\t')[1], line.split(' ')[2].split('\t')[0]]),
    )
    let present = 0
    for (const w of writers) {
      const path = `runs/${w.sha.slice(0, 2)}/${w.sha}.json`
      const blob = blobs.get(path)
      if (blob && JSON.parse(await git(origin, ['cat-file', 'blob', blob])).createdAt === w.data.createdAt)
        present++
    }

    const rows: Array<[string, string, string]> = [
      ['lookup (fetch included), median of 3', ms(lookup.time), '< 2000 ms'],
      ['  bytes received (baseline branch)', kb(lookup.bytes), '< 1024 KB'],
      ['  git fetches', String(lookup.fetches), ''],
      ['  baseline found / history records', `${lookup.found} / ${lookup.history}`, 'true / 10'],
      ['save one record, median of 3', ms(saves[1]), '< 1000 ms'],
      ['8 concurrent saves, wall time', ms(concurrentTime), ''],
      ['  records present after them', `${present} / 8`, '8 / 8'],
      ['for reference: whole branch, full history', kb(fullBytes), ''],
      ['for reference: tip of branch with blobs', kb(tipBytes), ''],
    ]
    const width = Math.max(...rows.map((row) => row[0].length))
    console.log(`\n${'measure'.padEnd(width)}  ${'value'.padStart(12)}  target`)
    for (const [name, value, target] of rows)
      console.log(`${name.padEnd(width)}  ${value.padStart(12)}  ${target}`)
    const ok =
      lookup.time < 2000 && lookup.bytes < 1024 * 1024 && lookup.found && saves[1] < 1000 && present === 8
    console.log(`\n${ok ? 'all targets met' : 'TARGET MISSED'}`)
    if (!ok) process.exitCode = 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
