export {
  type BenchOptions,
  benchPlugin,
  type HttpOptions,
  type HttpScenario,
  type ImportSource,
} from './bench/index.js'
export { type BundleOptions, bundlePlugin } from './bundle/index.js'
export {
  BUILTIN_RULES,
  type ConfigLintOptions,
  configLintPlugin,
  defineRule,
  lintCase,
  RuleTester,
} from './config-lint/index.js'
export { type HostOptions, hostPlugin } from './host/index.js'
export { type LighthouseOptions, lighthousePlugin } from './lighthouse/index.js'
export { type ServiceWorkerOptions, serviceWorkerPlugin } from './service-worker/index.js'
