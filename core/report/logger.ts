import pc from 'picocolors'
import type { Logger } from '../model/types.js'
import { sanitizeTerminal } from '../security/sanitize.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 }

export interface LoggerOptions {
  level?: LogLevel
  /** Defaults to stderr, so that stdout stays clean for `--json`. */
  write?: (line: string) => void
  color?: boolean
  scope?: string
}

/** Whether output may be decorated: a TTY, not CI, NO_COLOR unset. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

/**
 * The one logger: every line perfgate prints besides the report itself goes through here. Every line is
 * redacted (known secrets become `***`) and sanitised (no escape codes, no line that the Actions runner
 * would read as a workflow command): log text often carries plugin output, file names and git messages.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const color = options.color ?? (Boolean(process.stderr.isTTY) && !process.env.NO_COLOR)
  const paint = (fn: (s: string) => string, s: string) => (color ? fn(s) : s)
  const prefix = options.scope ? `${paint(pc.dim, `[${sanitizeTerminal(options.scope)}]`)} ` : ''
  const emit = (rank: number, tag: string, message: string) => {
    if (rank < level) return
    const text = sanitizeTerminal(typeof message === 'string' ? message : String(message), {
      multiline: true,
    })
    for (const line of text.split('\n')) write(`${tag}${prefix}${line}`)
  }
  return {
    debug: (m) => emit(RANK.debug, paint(pc.gray, 'debug '), m),
    info: (m) => emit(RANK.info, '', m),
    success: (m) => emit(RANK.info, paint(pc.green, '✔ '), m),
    warn: (m) => emit(RANK.warn, paint(pc.yellow, 'warn  '), m),
    error: (m) => emit(RANK.error, paint(pc.red, 'error '), m),
    child: (scope) =>
      createLogger({ ...options, scope: options.scope ? `${options.scope}:${scope}` : scope }),
  }
}

/** Collects lines instead of printing them (tests, and plugins run inside other tools). */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = []
  const logger = createLogger({ level, color: false, write: (l) => lines.push(l) })
  return Object.assign(logger, { lines })
}
