export { createPluginContext, type PluginRun, type RunPluginOptions, runPlugin } from './run-plugin.js'
