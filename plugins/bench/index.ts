export type {
  BenchOptions,
  HttpOptions,
  HttpScenario,
  ImportFormat,
  ImportSource,
} from './options.js'
export { benchPlugin } from './plugin.js'
