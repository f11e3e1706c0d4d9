export { defineConfig, loadConfig, resolveConfig } from './config/index.js'
export type * from './config/types.js'
export { PerfgateError, type PerfgateErrorCode } from './model/errors.js'
export type * from './model/types.js'
export {
  type CompareOptions,
  compare,
  mergeReports,
  type RunOptions,
  type RunResult,
  run,
  summarize,
} from './run/index.js'
