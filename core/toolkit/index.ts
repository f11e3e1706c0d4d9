// perfgate/toolkit: what a plugin author needs beside the plugin contract.
// The zod perfgate validates options with, so a plugin's schema and core agree on one version.
export { z } from 'zod'
export { describeBudgetBreach, type JudgeOptions, judge } from '../compare/judge.js'
export { type CgroupMemory, readCgroupMemory } from '../host/index.js'
export { errorMessage, PerfgateError } from '../model/errors.js'
export {
  definePlugin,
  definePreset,
  docsUrl,
  type PluginDefinition,
  type PluginFactory,
  type PluginHooks,
  type PresetDefinition,
  type PresetFactory,
  parseOptions,
} from '../plugin/index.js'
export { formatBudgetLimit, formatValue } from '../report/format.js'
export { BREAKDOWN_MAX_PARTS, resourceKey, toBreakdown } from './breakdown.js'
export { CHROME_INSTALL_HINT, findChrome } from './chrome.js'
export {
  type CompressedSize,
  CompressionPool,
  type CompressionProgress,
  type CompressOptions,
  compressAll,
  compressedSizeSync,
  isCompressedSize,
  type MeasuredSize,
  measureCompressed,
} from './compressed-size.js'
export {
  type CacheSection,
  ContentCache,
  cacheDirOption,
  contentHash,
  defaultCacheDir,
} from './content-cache.js'
export {
  type CpuProfile,
  type FunctionTime,
  type ProfileSummary,
  profileBreakdown,
  profileStacks,
  type StackTime,
  selfTimeByFunction,
  summarizeProfile,
} from './cpu-profile.js'
export { hasContentHash, looksLikeHash, maskContentHash, stripContentHash } from './hashed-name.js'
export { keepAcrossRounds } from './keep.js'
export {
  captureOutput,
  describeExit,
  type Exit,
  exited,
  killGroup,
  onProcessExit,
  type ProcessGroup,
  type ProcessGroupOptions,
  signalGroup,
  startProcessGroup,
} from './process-group.js'
export { isCompressible } from './served.js'
export {
  freePort,
  type RunningServer,
  type ServerCommandOptions,
  startServerCommand,
} from './server-command.js'
export { slugify, toIdPath, uniqueSlugs } from './slug.js'
export { type StaticServer, type StaticServerOptions, serveStatic } from './static-server.js'
export { mean, median, normalQuantile, quantile, relativeMarginOfError, tQuantile } from './stats.js'
