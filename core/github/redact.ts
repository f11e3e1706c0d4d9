import type { Logger } from '../model/types.js'
import { REDACTED, Redactor } from '../security/redact.js'

export { REDACTED }

/** A text redactor for these literal secrets (shorter than 4 characters: ignored); see core/security. */
export function createRedactor(secrets: Array<string | undefined>): (text: string) => string {
  const redactor = new Redactor(
    secrets
      .filter((s): s is string => typeof s === 'string' && s.length >= 4)
      .map((value) => ({ source: 'token', value })),
  )
  return (text) => redactor.redact(text)
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
