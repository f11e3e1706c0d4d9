export type { LighthouseOptions, LighthousePage } from './options.js'
export { lighthousePlugin } from './plugin.js'
