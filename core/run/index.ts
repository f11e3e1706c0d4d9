export { exitCodeFor, summarize } from '../compare/summary.js'
export { type CompareOptions, compare } from './compare.js'
export { mergeReports } from './merge.js'
export { type RunOptions, type RunResult, run } from './run.js'
