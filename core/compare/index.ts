export { compareReports } from './compare-reports.js'
export {
  type CompareOptions,
  DEFAULT_COMPARE,
  DEFAULT_SAMPLING_PLAN,
  type SamplingPlan,
} from './defaults.js'
export { estimateNoise, type NoiseModel } from './noise.js'
export { analyseSampled, judgeSampled, type SampledAnalysis } from './sampled.js'
export {
  lookSizes,
  type MoreRounds,
  needsMoreRounds,
  nominalAlpha,
  type StoppingCandidate,
  spentAlpha,
  undecidedMetrics,
} from './sequential.js'
export { benjaminiHochberg } from './stats/fdr.js'
export { hodgesLehmannShift, type ShiftInterval } from './stats/hodges-lehmann.js'
export { type MannWhitneyResult, mannWhitney } from './stats/mann-whitney.js'
