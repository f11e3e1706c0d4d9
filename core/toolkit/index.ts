// perfgate/toolkit: what a plugin author needs beside the plugin contract.
export { describeBudgetBreach, judge, type JudgeOptions } from '../compare/judge.js'
export { readCgroupMemory, type CgroupMemory } from '../host/index.js'
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
} from '../plugin/index.js'
export { median, normalQuantile, quantile, tQuantile } from './stats.js'
