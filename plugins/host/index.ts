export { type HostOptions, hostPlugin } from './plugin.js'
export type { ServiceCheck } from './services.js'
