import { isPerfgateError } from '../model/errors.js'
import type { Logger } from '../model/types.js'

/** Prints an error the way every command does (no stack unless --debug) and returns its exit code. */
export function reportError(error: unknown, logger: Logger, debug: boolean): number {
  if (error instanceof Error && error.name === 'CACError') {
    logger.error(error.message)
    logger.info((error as { hint?: string }).hint ?? 'Run `perfgate --help` for usage.')
    return 2
  }
  if (isPerfgateError(error)) {
    logger.error(error.message)
    if (error.hint) logger.info(error.hint)
    if (debug) logger.debug(stackOf(error))
    return error.exitCode
  }
  logger.error(`perfgate failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
  logger.info(
    debug ? stackOf(error) : 'Run again with --debug for a stack trace, and report it if it persists.',
  )
  return 3
}

function stackOf(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  while (current instanceof Error) {
    parts.push(current.stack ?? current.message)
    current = current.cause
  }
  return parts.join('\nCaused by: ')
}
