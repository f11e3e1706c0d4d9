export { createPluginContext as pluginContext } from '../../core/testing/index.js'
