import { mulberry32 } from '../../../core/compare/stats/random.js'
import type { Metric, RunReport } from '../../../core/model/types.js'
import { median } from '../../../core/toolkit/stats.js'
import { makeMetric, makeReport, TEST_HOST } from '../../helpers/reports.js'

/** A timing metric as the runner hands it to compare (the one metric factory, with timing defaults). */
export function metric(
  id: string,
  fields: Partial<Metric> & ({ value: number } | { samples: number[] }),
): Metric {
  return makeMetric(id, fields.value ?? median(fields.samples!), {
    plugin: 'perfgate:test',
    unit: 'ms',
    ...fields,
  })
}

export function report(
  metrics: Metric[],
  fields: Partial<RunReport> & { cpuModel?: string } = {},
): RunReport {
  const { cpuModel = 'Test CPU @ 3.0GHz', ...rest } = fields
  return makeReport({
    createdAt: '2024-05-01T12:00:00.000Z',
    commit: 'c0ffee0000000000000000000000000000000000',
    host: { ...TEST_HOST, cpuModel },
    plugins: [{ name: 'perfgate:test', status: 'ok', durationMs: 1 }],
    metrics,
    ...rest,
  })
}

/** Lognormal samples with median `center` and coefficient of variation `cv`, from a seeded PRNG. */
export function lognormalSamples(seed: number, n: number, center: number, cv: number): number[] {
  const random = mulberry32(seed)
  const sigma = Math.sqrt(Math.log(1 + cv * cv))
  return Array.from({ length: n }, () => {
    const normal = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())
    return center * Math.exp(sigma * normal)
  })
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
