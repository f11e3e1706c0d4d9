/** Error codes; the exit code follows from the code (README "Exit codes": 2 usage or config, 3 plugin or tool). */
export type PerfgateErrorCode =
  | 'USAGE'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_LOAD'
  | 'CONFIG_INVALID'
  | 'OUTPUT_UNWRITABLE'
  | 'INPUT_INVALID'
  | 'PLUGIN_FAILED'
  | 'PLUGIN_TIMEOUT'
  | 'PLUGIN_OUTPUT_INVALID'
  | 'GIT'
  | 'BASELINE'
  | 'GITHUB'
  | 'ABORTED'
  | 'INTERNAL'

const USAGE_CODES = new Set<PerfgateErrorCode>([
  'USAGE',
  'CONFIG_NOT_FOUND',
  'CONFIG_LOAD',
  'CONFIG_INVALID',
  'OUTPUT_UNWRITABLE',
  'INPUT_INVALID',
])

export interface PerfgateErrorOptions {
  cause?: unknown
  /** How to fix it, shown under the message. */
  hint?: string
}

export class PerfgateError extends Error {
  readonly code: PerfgateErrorCode
  readonly hint?: string

  constructor(code: PerfgateErrorCode, message: string, options: PerfgateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PerfgateError'
    this.code = code
    this.hint = options.hint
  }

  get exitCode(): 2 | 3 {
    return USAGE_CODES.has(this.code) ? 2 : 3
  }
}

export function isPerfgateError(error: unknown): error is PerfgateError {
  return error instanceof PerfgateError
}

/** The message of anything thrown, without a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
