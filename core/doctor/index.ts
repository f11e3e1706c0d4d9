export { type DoctorOptions, type DoctorReport, runDoctor } from './run.js'
export type { CheckResult } from './types.js'
