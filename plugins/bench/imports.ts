import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { MetricInput, Unit } from '../../core/model/types.js'
import { errorMessage, PerfgateError } from '../../core/toolkit/index.js'
import { slugify, uniqueSlugs } from '../../core/toolkit/slug.js'
import type { ResolvedImport } from './options.js'

/** Reads an existing suite's results file into metrics `bench/<name>/…`. */
export async function importResults(source: ResolvedImport, cwd: string): Promise<MetricInput[]> {
  const path = resolve(cwd, source.file)
  let data: unknown
  try {
    data = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new PerfgateError(
      'INPUT_INVALID',
      `Cannot read ${source.format} results ${path}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Produce the file before perfgate runs (e.g. `vitest bench --outputJson`, `hyperfine --export-json`).',
      },
    )
  }
  const prefix = `bench/${slugify(source.name ?? basename(source.file).replace(/\.json$/i, ''))}`
  const fail = (what: string) =>
    new PerfgateError('INPUT_INVALID', `${path} is not ${source.format} results: ${what}.`, {
      hint: `Check the \`format\` of this import (now "${source.format}").`,
    })
  if (source.format === 'vitest') return fromVitest(data, prefix, fail)
  if (source.format === 'hyperfine') return fromHyperfine(data, prefix, fail)
  return fromGithubActionBenchmark(data, prefix, source.better, fail)
}

type Fail = (what: string) => PerfgateError

interface VitestBenchmark {
  name: string
  hz?: number
  median?: number
  p50?: number
  mean?: number
  rme?: number
}

/**
 * `vitest bench --outputJson`: `{ files: [{ filepath, groups: [{ fullName, benchmarks }] }] }`. Vitest
 * empties `samples`, and its iterations all ran in one process anyway: each task gives one value.
 */
function fromVitest(data: unknown, prefix: string, fail: Fail): MetricInput[] {
  const files = (data as { files?: unknown })?.files
  if (!Array.isArray(files)) throw fail('no "files" array')
  const rows: Array<{ name: string; bench: VitestBenchmark }> = []
  for (const file of files as Array<{
    groups?: Array<{ fullName?: string; benchmarks?: VitestBenchmark[] }>
  }>)
    for (const group of file.groups ?? [])
      for (const bench of group.benchmarks ?? [])
        rows.push({ name: `${group.fullName ?? ''} ${bench.name}`, bench })
  const slugs = uniqueSlugs(rows.map((r) => r.name))
  return rows.flatMap(({ name, bench }, i) => {
    const metrics: MetricInput[] = []
    const latency = bench.median ?? bench.p50 ?? bench.mean
    const label = name.trim()
    if (typeof latency === 'number')
      metrics.push({
        id: `${prefix}/${slugs[i]}/latency-p50`,
        title: `${label}: median latency`,
        unit: 'ms',
        better: 'lower',
        value: latency,
        timing: true,
      })
    if (typeof bench.hz === 'number')
      metrics.push({
        id: `${prefix}/${slugs[i]}/ops`,
        title: `${label}: operations per second`,
        unit: 'ops/s',
        better: 'higher',
        value: bench.hz,
        timing: true,
      })
    return metrics
  })
}

/** `hyperfine --export-json`: `{ results: [{ command, median, times: [s…] }] }`; each time is one run. */
function fromHyperfine(data: unknown, prefix: string, fail: Fail): MetricInput[] {
  const results = (data as { results?: unknown })?.results
  if (!Array.isArray(results)) throw fail('no "results" array')
  const rows = results as Array<{ command?: string; median?: number; mean?: number; times?: number[] }>
  const slugs = uniqueSlugs(rows.map((r) => r.command ?? 'command'))
  return rows.map((row, i) => {
    const samples = Array.isArray(row.times) ? row.times.map((s) => s * 1000) : undefined
    const value = (row.median ?? row.mean ?? Number.NaN) * 1000
    if (!samples?.length && !Number.isFinite(value))
      throw fail(`result #${i + 1} has neither times nor a median`)
    return {
      id: `${prefix}/${slugs[i]}/time`,
      title: `${row.command ?? 'command'}: wall time`,
      unit: 'ms' as const,
      better: 'lower' as const,
      ...(samples?.length ? { samples } : { value, timing: true }),
    }
  })
}

const GAB_UNITS: Record<string, { unit: Unit; scale: number }> = {
  ms: { unit: 'ms', scale: 1 },
  s: { unit: 'ms', scale: 1000 },
  us: { unit: 'ms', scale: 1e-3 },
  µs: { unit: 'ms', scale: 1e-3 },
  ns: { unit: 'ms', scale: 1e-6 },
  'ops/sec': { unit: 'ops/s', scale: 1 },
  'ops/s': { unit: 'ops/s', scale: 1 },
  bytes: { unit: 'bytes', scale: 1 },
  b: { unit: 'bytes', scale: 1 },
  kb: { unit: 'bytes', scale: 1024 },
  '%': { unit: 'percent', scale: 1 },
  percent: { unit: 'percent', scale: 1 },
}

/** github-action-benchmark's custom JSON: `[{ name, unit, value, range?, extra? }]`. */
function fromGithubActionBenchmark(
  data: unknown,
  prefix: string,
  better: 'lower' | 'higher',
  fail: Fail,
): MetricInput[] {
  if (!Array.isArray(data)) throw fail('expected an array of { name, unit, value }')
  const rows = data as Array<{ name?: unknown; unit?: unknown; value?: unknown }>
  const slugs = uniqueSlugs(rows.map((r) => String(r.name ?? 'value')))
  return rows.map((row, i) => {
    if (typeof row.name !== 'string' || typeof row.value !== 'number')
      throw fail(`entry #${i + 1} lacks a string "name" or a numeric "value"`)
    const unitText = typeof row.unit === 'string' ? row.unit : ''
    const known = GAB_UNITS[unitText.toLowerCase()]
    return {
      id: `${prefix}/${slugs[i]}`,
      title: unitText && !known ? `${row.name} (${unitText})` : row.name,
      unit: known?.unit ?? 'none',
      better,
      value: row.value * (known?.scale ?? 1),
      ...(known?.unit === 'ms' || known?.unit === 'ops/s' ? { timing: true } : {}),
    }
  })
}
