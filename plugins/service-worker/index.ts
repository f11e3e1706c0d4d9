export type { ResolvedServiceWorkerOptions, ServiceWorkerOptions } from './options.js'
export { serviceWorkerPlugin } from './plugin.js'
export { cacheKey, type ServiceWorkerData, type UpdateCost, updateCost } from './update-cost.js'
