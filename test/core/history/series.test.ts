import { describe, expect, it } from 'vitest'
import type { CommitLinks } from '../../../core/history/commits.js'
import { webUrl } from '../../../core/history/commits.js'
import type { HistoryRecord } from '../../../core/history/read.js'
import { buildSeries } from '../../../core/history/series.js'
import { makeMetric, TEST_HOST } from '../../helpers/reports.js'
import { OTHER_CPU } from './world.js'

const links: CommitLinks = {
  commit: (sha) => `https://forge.test/o/r/commit/${sha}`,
  compare: (a, b) => `https://forge.test/o/r/compare/${a}...${b}`,
}

function record(i: number, value: number, host = TEST_HOST, extra = {}): HistoryRecord {
  return {
    commit: String(i).padStart(40, '0'),
    createdAt: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
    host,
    metrics: [makeMetric('bundle/total/brotli', value, { budget: { max: 900, status: 'ok' }, ...extra })],
  }
}

describe('buildSeries', () => {
  it('uses the CPU most records ran on as the reference and links each commit', () => {
    const records = [
      record(0, 1, OTHER_CPU),
      record(1, 1),
      record(2, 1),
      record(3, 1, OTHER_CPU),
      record(4, 1),
    ]
    const data = buildSeries(records, { links, info: new Map() })
    expect(data.cpus[data.reference]).toBe('Test CPU · 2 cores')
    expect(data.commits.map((c) => c.cpu === data.reference)).toEqual([false, true, true, false, true])
    expect(data.commits[2].url).toBe(`https://forge.test/o/r/commit/${records[2].commit}`)
  })

  it('draws the config’s budget when it has one for the metric, else the newest record’s', () => {
    const records = [record(0, 500), record(1, 510)]
    expect(buildSeries(records, { links, info: new Map() }).metrics[0].budget).toEqual({ max: 900 })
    const budgets = [{ pattern: 'bundle/**', min: 100, source: 'config' }]
    expect(buildSeries(records, { links, info: new Map(), budgets }).metrics[0].budget).toEqual({ min: 100 })
  })

  it('charts headline figures and budgeted detail ones by default, not the other detail rows', () => {
    const metrics = [
      makeMetric('bench/http/home/latency-p50', 1, { unit: 'ms' }),
      makeMetric('bench/http/home/latency-avg', 1, {
        unit: 'ms',
        role: 'detail',
        budget: { max: 1000, status: 'ok' },
      }),
      makeMetric('bench/http/home/throughput', 1, { unit: 'bytes/s', role: 'detail' }),
    ]
    const records: HistoryRecord[] = [{ ...record(0, 1), metrics }]
    expect(buildSeries(records, { links, info: new Map() }).metrics.map((m) => m.id)).toEqual([
      'bench/http/home/latency-p50',
      'bench/http/home/latency-avg',
    ])
  })

  it('leaves a gap where a record lacks the metric, and gives the interquartile range of samples', () => {
    const sampled = { unit: 'ms' as const, samples: [10, 20, 30, 40, 50] }
    const records: HistoryRecord[] = [
      record(0, 30, TEST_HOST, sampled),
      { ...record(1, 0), metrics: [] },
      record(2, 30, TEST_HOST, sampled),
    ]
    const [series] = buildSeries(records, { links, info: new Map() }).metrics
    expect(series.values).toEqual([30, null, 30])
    expect(series.lo).toEqual([20, null, 20])
    expect(series.hi).toEqual([40, null, 40])
  })
})

describe('webUrl', () => {
  it.each([
    ['https://github.com/acme/shop.git', 'https://github.com/acme/shop'],
    ['https://x-access-token:secret@github.com/acme/shop', 'https://github.com/acme/shop'],
    ['git@github.com:acme/shop.git', 'https://github.com/acme/shop'],
    ['ssh://git@gitlab.example.com/group/sub/app.git', 'https://gitlab.example.com/group/sub/app'],
    ['file:///tmp/origin.git', null],
    ['/tmp/origin.git', null],
    [null, null],
  ])('%s → %s', (url, expected) => {
    expect(webUrl(url)).toBe(expected)
  })
})
