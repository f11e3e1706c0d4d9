export { type ApiOptions, api } from './api.js'
export { type RecommendedOptions, recommended } from './recommended.js'
export { type SpaOptions, spa } from './spa.js'
