export { createBaselineStore } from './create.js'
export {
  type BaselineFailureKind,
  BaselineLookupError,
  DEFAULT_MAX_RECORD_BYTES,
  isBaselineLookupError,
  maxRecordBytes,
} from './errors.js'
export { gitFacts } from './project.js'
export { parseRecordPath, recordPath } from './records.js'
export type { BaselineEntry, BaselineLookup, BaselineStore, ListedRecord, LookupOptions } from './types.js'
