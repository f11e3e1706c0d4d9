export {
  definePlugin,
  definePreset,
  type PluginDefinition,
  type PluginFactory,
  type PluginHooks,
  type PresetDefinition,
  type PresetFactory,
} from './define.js'
export { docsUrl } from './docs.js'
export { parseOptions } from './options.js'
