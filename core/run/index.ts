export { exitCodeFor, summarize } from '../compare/summary.js'
export { mergeReports } from './merge.js'
export { type RunOptions, type RunResult, run } from './run.js'
