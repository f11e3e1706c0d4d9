// perfgate/vite: the bundle measurement (default export) and the service-worker generator, each from
// its own plugin folder, so neither plugin imports the other.
export { default, type PerfgateViteOptions } from './bundle/vite.js'
export { type ServiceWorkerViteOptions, serviceWorker } from './service-worker/vite.js'
