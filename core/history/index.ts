export {
  type ChangePoint,
  type ChangePointOptions,
  changePoints,
  noiseLevel,
  segment,
} from './changepoints.js'
export { type CommitInfo, type CommitLinks, commitInfo, commitLinks, webUrl } from './commits.js'
export { type HistoryRead, type HistoryRecord, type ReadHistoryOptions, readHistory } from './read.js'
export { type HistoryPage, renderHistory } from './render.js'
export {
  buildSeries,
  cpuLabel,
  type HistoryCommit,
  type HistoryData,
  type HistoryStep,
  type MetricSeries,
  type SeriesOptions,
} from './series.js'
export { type WriteHistoryOptions, writeHistory } from './write.js'
