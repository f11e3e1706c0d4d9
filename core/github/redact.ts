import type { Logger } from '../model/types.js'

export const REDACTED = '***'

/** Replaces every occurrence of the secrets in a text. Secrets shorter than 4 characters are ignored. */
export function createRedactor(secrets: Array<string | undefined>): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4)
  if (list.length === 0) return (text) => text
  // Longest first, so that a secret containing another is replaced whole.
  list.sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    for (const secret of list) out = out.split(secret).join(REDACTED)
    return out
  }
}

/** A logger that redacts secrets from every line, including its children's. */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    debug: (m) => logger.debug(redact(m)),
    info: (m) => logger.info(redact(m)),
    success: (m) => logger.success(redact(m)),
    warn: (m) => logger.warn(redact(m)),
    error: (m) => logger.error(redact(m)),
    child: (scope) => redactingLogger(logger.child(scope), redact),
  }
}

/** The message of an error with secrets removed; the cause chain is not kept (it may hold headers). */
export function redactError(error: unknown, redact: (text: string) => string): Error {
  const message = error instanceof Error ? error.message : String(error)
  const clean = new Error(redact(message))
  if (error instanceof Error && error.stack) clean.stack = redact(error.stack)
  return clean
}
