export { type HostOptions, hostPlugin } from './host/index.js'
