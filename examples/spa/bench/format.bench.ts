// Micro-benchmarks of the example app's table code, run by perfgate's bench plugin:
// each task is one call, measured by tinybench in a fresh process per run.
import dayjs from 'dayjs'
import { buildHistory, formatBytes } from '../src/data'

// A fixed clock, so every run formats and sorts the same rows.
const builds = buildHistory(200, Date.UTC(2025, 5, 1))

export default {
  'format 200 dates': () => builds.map((b) => dayjs(b.finishedAt).format('YYYY-MM-DD HH:mm')),
  'sort 200 builds by bundle size': () =>
    [...builds].sort((a, b) => b.bundleBytes - a.bundleBytes || a.id - b.id),
  'format 200 sizes': () => builds.map((b) => formatBytes(b.bundleBytes)),
}
