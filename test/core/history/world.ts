import { mulberry32 } from '../../../core/compare/stats/random.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { TEST_HOST } from '../../helpers/reports.js'
import { makeReport } from '../baseline/fixtures.js'

/** Deterministic uniform noise in [-0.5, 0.5) (mulberry32), so a planted step is the only step. */
export function noise(seed: number): () => number {
  const random = mulberry32(seed)
  return () => random() - 0.5
}

export const OTHER_CPU = { ...TEST_HOST, cpuModel: 'Other CPU', cores: 8 }

/**
 * The record of main's commit `i`: an LCP timing with samples that steps from ~1000 ms to ~1300 ms at
 * `stepAt`, a bundle size that is flat, and a context figure; commits in `otherCpu` ran on another CPU.
 */
export function historyReport(
  sha: string,
  i: number,
  options: { stepAt: number; otherCpu: number[]; random: () => number },
): RunReport {
  const level = i >= options.stepAt ? 1300 : 1000
  const samples = Array.from({ length: 5 }, () => level + options.random() * 40)
  const metrics: Metric[] = [
    {
      id: 'lighthouse/home/lcp',
      plugin: 'perfgate:lighthouse',
      title: 'Largest Contentful Paint · /',
      unit: 'ms',
      better: 'lower',
      value: [...samples].sort((a, b) => a - b)[2],
      samples,
      timing: true,
      verdict: 'unchanged',
    },
    {
      id: 'bundle/initial-js/brotli',
      plugin: 'perfgate:bundle',
      title: 'Initial JS (brotli)',
      unit: 'bytes',
      better: 'lower',
      value: 50_000,
      timing: false,
      verdict: 'unchanged',
    },
    {
      id: 'bundle/asset/app.js/brotli',
      plugin: 'perfgate:bundle',
      title: 'app.js',
      unit: 'bytes',
      better: 'lower',
      value: 40_000,
      timing: false,
      role: 'detail',
      verdict: 'unchanged',
    },
  ]
  return makeReport(sha, {
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
    host: options.otherCpu.includes(i) ? OTHER_CPU : { ...TEST_HOST },
    plugins: [
      { name: 'perfgate:lighthouse', status: 'ok', durationMs: 1 },
      { name: 'perfgate:bundle', status: 'ok', durationMs: 1 },
    ],
    metrics,
  })
}
