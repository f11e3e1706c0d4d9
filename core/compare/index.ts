export { compareReports } from './compare-reports.js'
export {
  type CompareOptions,
  DEFAULT_COMPARE,
  DEFAULT_SAMPLING_PLAN,
  NOT_WORSE_STOP,
  PAIR_ROUNDS,
  type SamplingPlan,
} from './defaults.js'
export { estimateNoise, type NoiseModel } from './noise.js'
export { analyseSampled, judgeSampled, type SampledAnalysis } from './sampled.js'
export {
  designEffect,
  futilityLevel,
  lookSizes,
  type MoreRounds,
  needsMoreRounds,
  nominalAlpha,
  type StoppingCandidate,
  spentAlpha,
  spentBeta,
  undecidedMetrics,
  worseBound,
} from './sequential.js'
export { benjaminiHochberg } from './stats/fdr.js'
export { hodgesLehmannShift, type ShiftInterval } from './stats/hodges-lehmann.js'
export { type MannWhitneyResult, mannWhitney } from './stats/mann-whitney.js'
export { type SignedRankResult, signedRank, walshShift } from './stats/signed-rank.js'
