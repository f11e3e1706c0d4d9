export { mergeReports } from './merge.js'
export { type RunOptions, type RunResult, run } from './run.js'
export { exitCodeFor, summarize } from '../compare/summary.js'
