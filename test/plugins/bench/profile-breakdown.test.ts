import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_COMPARE } from '../../../core/compare/index.js'
import { judge } from '../../../core/compare/judge.js'
import { benchPlugin } from '../../../plugins/bench/index.js'
import { tempDir } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'
import { pluginReport } from '../../helpers/reports.js'

const context = useTestContexts()
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/**
 * A project whose bench task parses rows and checksums them; `rounds` sets the checksum's cost. `mixRow`
 * is small and hot: V8 inlines it into `checksum`, and a profile would charge its time there, unless the
 * profiling run turns inlining off.
 */
function project(rounds: number): string {
  const { dir, cleanup } = tempDir('perfgate-bench-profile-')
  cleanups.push(cleanup)
  mkdirSync(join(dir, 'lib'))
  writeFileSync(
    join(dir, 'lib/work.ts'),
    [
      'export function parseRows(count: number): number[] {',
      '  const rows: number[] = []',
      '  for (let i = 0; i < count; i++) rows.push(Number.parseFloat(String(i * 1.5)))',
      '  return rows',
      '}',
      '',
      'export function mixRow(sum: number, row: number, round: number): number {',
      '  return (sum + Math.sqrt(row * round + 1)) % 1e9',
      '}',
      '',
      'export function checksum(rows: number[]): number {',
      '  let sum = 0',
      `  for (let round = 0; round < ${rounds}; round++) for (const row of rows) sum = mixRow(sum, row, round)`,
      '  return sum',
      '}',
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(dir, 'rows.bench.ts'),
    "import { checksum, parseRows } from './lib/work.ts'\nlet sink = 0\nexport default { 'parse and checksum': () => { sink += checksum(parseRows(2000)) } }\n",
  )
  return dir
}

describe('bench task breakdowns from a V8 CPU profile', () => {
  it("shares a task's median latency out by self time, naming the function with file:line", async () => {
    const { ctx, children } = context(project(20))
    const output = await benchPlugin({ time: 50, warmupTime: 10, runs: 2, disturbance: 0 }).collect(ctx)
    const latency = output.metrics?.find((m) => m.id === 'bench/rows/parse-and-checksum/latency-p50')
    const parts = latency?.breakdown ?? []
    expect(parts[0], JSON.stringify(parts.slice(0, 5))).toMatchObject({
      key: 'mixRow lib/work.ts',
      location: 'lib/work.ts:7',
    })
    expect(parts.map((p) => p.key)).toEqual(
      expect.arrayContaining(['checksum lib/work.ts', 'parseRows lib/work.ts']),
    )
    // The parts share out the profiled run's median latency: they add up to one of the samples.
    const total = parts.reduce((sum, p) => sum + p.value, 0)
    expect(latency?.samples?.some((s) => Math.abs(s - total) < 1e-9 * s)).toBe(true)
    // Ops has no breakdown: shares of a time do not add up to a rate.
    expect(output.metrics?.find((m) => m.id.endsWith('/ops'))?.breakdown).toBeUndefined()
    // Two measured runs and a profiling run of their own.
    expect(children).toHaveLength(3)
  }, 60_000)

  it('names the slowed function first under the regression', async () => {
    const options = { time: 50, warmupTime: 10, runs: 6 }
    const base = pluginReport('bench', await benchPlugin(options).collect(context(project(20)).ctx))
    const head = pluginReport('bench', await benchPlugin(options).collect(context(project(60)).ctx))
    const compared = judge(head, base, {
      budgets: [],
      failOn: 'regression',
      compare: { ...DEFAULT_COMPARE, sameJob: true },
    })
    const latency = compared.metrics.find((m) => m.id === 'bench/rows/parse-and-checksum/latency-p50')
    expect(latency?.verdict, latency?.reason).toBe('regressed')
    expect(latency?.why?.kind).toBe('diff')
    expect(latency?.why?.parts[0]).toMatchObject({ key: 'mixRow lib/work.ts', location: 'lib/work.ts:7' })
    expect(latency?.why?.parts[0].delta).toBeGreaterThan(0)
    // The flame graph's stacks: the task calls checksum, which calls mixRow; the base's beside them.
    const stack = (frames: string[] | undefined) => frames?.filter((f) => f.includes('lib/work.ts'))
    expect(stack(latency?.stacks?.[0].frames)).toEqual(['checksum lib/work.ts', 'mixRow lib/work.ts'])
    expect(stack(latency?.why?.baseStacks?.[0].frames)).toEqual([
      'checksum lib/work.ts',
      'mixRow lib/work.ts',
    ])
  }, 120_000)

  it('profiles nothing with profileTime: false', async () => {
    const { ctx } = context(project(20))
    const output = await benchPlugin({ time: 50, warmupTime: 10, runs: 1, profileTime: false }).collect(ctx)
    expect(output.metrics?.every((m) => m.breakdown === undefined)).toBe(true)
  }, 60_000)
})

/**
 * A server whose one route renders a report; `rounds` sets its cost. `renderRow` is small and hot: V8
 * inlines it into `renderReport`, and a profile would charge its time there, unless the profiled server
 * turns inlining off.
 */
function serverProject(rounds: number): string {
  const { dir, cleanup } = tempDir('perfgate-server-profile-')
  cleanups.push(cleanup)
  writeFileSync(
    join(dir, 'server.mjs'),
    [
      "import { createServer } from 'node:http'",
      'function renderRow(i) {',
      '  let cell = 0',
      '  for (let k = 0; k < 200; k++) cell += Math.sqrt(i + k)',
      '  return cell',
      '}',
      'function renderReport(rows) {',
      '  let sum = 0',
      `  for (let i = 0; i < rows * ${rounds}; i++) sum += renderRow(i)`,
      '  return String(sum)',
      '}',
      'function exportCsv(rows) {',
      '  let csv = ""',
      '  for (let i = 0; i < rows * 40; i++) csv = (csv + i.toString(36)).slice(-64)',
      '  return csv',
      '}',
      "const route = (req) => (req.url === '/export' ? exportCsv(200) : renderReport(10))",
      "createServer((req, res) => res.end(route(req))).listen(Number(process.env.PORT), '127.0.0.1')",
      '',
    ].join('\n'),
  )
  return dir
}

describe('HTTP scenario breakdowns from a profile of the server', () => {
  // Through a wrapper like `npm run start`: the profile of the process that served is the one kept.
  const http = {
    command: `${JSON.stringify(process.execPath)} -e "require('node:child_process').spawn(process.execPath, ['server.mjs'], { stdio: 'inherit' })"`,
    warmup: 0,
    scenarios: [{ name: 'report', path: '/report', duration: 1 }],
  }

  it("shares the scenario's median latency out by the server's self time, naming the handler's function", async () => {
    const { ctx, children } = context(serverProject(100))
    const output = await benchPlugin({ files: false, http: { ...http, runs: 1 } }).collect(ctx)
    const latency = output.metrics?.find((m) => m.id === 'bench/http/report/latency-p50')
    const parts = latency?.breakdown ?? []
    expect(parts[0], JSON.stringify(parts.slice(0, 5))).toMatchObject({
      key: 'renderRow server.mjs',
      label: 'renderRow',
      location: 'server.mjs:2',
    })
    expect(output.metrics?.filter((m) => m.breakdown).map((m) => m.id)).toEqual([
      'bench/http/report/latency-p50',
    ])
    // The parts share out the measured median, not the profiled server's.
    const total = parts.reduce((sum, p) => sum + p.value, 0)
    expect(total).toBeCloseTo(latency?.samples?.[0] ?? Number.NaN, 6)
    // Profiled on a server of its own, started after the measured one: two server commands.
    expect(children).toHaveLength(2)
  }, 60_000)

  it("keeps each scenario's profile to its own route, through the wrapper, as the measured load would", async () => {
    const { ctx } = context(serverProject(100))
    const scenarios = [...http.scenarios, { name: 'export', path: '/export', duration: 1 }]
    const output = await benchPlugin({ files: false, http: { ...http, scenarios, runs: 1 } }).collect(ctx)
    const keys = (name: string) =>
      output.metrics?.find((m) => m.id === `bench/http/${name}/latency-p50`)?.breakdown?.map((p) => p.key) ??
      []
    expect(keys('report')[0]).toBe('renderRow server.mjs')
    expect(keys('export')[0]).toBe('exportCsv server.mjs')
    // The report route's load has stopped before the export route's profile starts.
    expect(keys('export'), keys('export').join(', ')).not.toContain('renderRow server.mjs')
  }, 60_000)

  it('names the slowed handler first under a broken latency budget', async () => {
    // Two runs a side judge no regression; a broken budget is explained against the base's breakdown too.
    const options = { files: false as const, http: { ...http, runs: 2 } }
    const base = pluginReport('bench', await benchPlugin(options).collect(context(serverProject(25)).ctx))
    const head = pluginReport('bench', await benchPlugin(options).collect(context(serverProject(100)).ctx))
    const compared = judge(head, base, {
      budgets: [{ pattern: 'bench/http/report/latency-p50', max: 0.001, source: 'config' }],
      failOn: 'regression',
      everyBreach: true,
    })
    const latency = compared.metrics.find((m) => m.id === 'bench/http/report/latency-p50')
    expect(latency?.why?.kind).toBe('diff')
    // The handler's own code first: the loop it runs four times as often (renderReport) or the row it
    // renders each time (renderRow); the two share the work, and one short burst a side splits it.
    const first = latency?.why?.parts[0]
    expect(first?.key, JSON.stringify(latency?.why?.parts.slice(0, 3))).toMatch(
      /^render(Row|Report) server\.mjs$/,
    )
    expect(first?.delta).toBeGreaterThan(0)
  }, 120_000)
})
