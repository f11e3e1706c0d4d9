import { redact } from './redact.js'

/**
 * The one terminal sanitiser: untrusted text (plugin names, metric titles and ids, rule ids, file names,
 * error messages) made inert before it reaches a terminal or a CI log.
 * - known secrets are redacted;
 * - escape sequences (CSI such as `ESC[2J`, OSC such as OSC-8 links and window titles, DCS/APC/PM/SOS,
 *   their 8-bit forms) and every other control character are removed, as are bidi overrides;
 * - newlines are folded into one line (or, with `multiline`, each line is sanitised on its own);
 * - no line can start with a workflow command (`::error::`, `##[group]`), even after leading whitespace,
 *   which the Actions runner trims: perfgate's own commands are written elsewhere, never through here;
 * - `max` clips long text (tables), saying so with `…`.
 */

export interface SanitizeOptions {
  /** Longest result in characters (code points); longer text is clipped and ends with `…`. */
  max?: number
  /** Keep line breaks (each line sanitised); default: fold them into spaces. */
  multiline?: boolean
}

// ESC-introduced sequences and their 8-bit C1 equivalents.
const ESCAPE_SEQUENCES = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or 0x9C), or to the end when unterminated.
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[\\s\\S]*?(?:\\u0007|\\u001b\\\\|\\u009c|$)',
    // CSI: parameters, intermediates, one final byte.
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    // Other two-or-more-byte escapes (charset selection, keypad modes, RIS `ESC c`).
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
)

// C0 controls but tab, CR and LF (handled below), DEL, C1 controls, bidi embedding/override/isolate marks.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/

// What the runner's TrimStart() skips (Unicode whitespace), plus zero-width characters a reader cannot see.
const INVISIBLE_LEAD = '[\\s\\u180e\\u200b-\\u200d\\u2060\\ufeff]*'
const COMMAND_START = new RegExp(`^(${INVISIBLE_LEAD})(::|##\\[)`)
const ZWSP = '\u200B'

/** Escape sequences and control characters removed; line breaks kept. */
export function stripEscapes(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL, '')
}

/**
 * Every string in plain data (what JSON holds), deep, with escape sequences, control characters and bidi
 * controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) removed: for untrusted text bound for
 * a page, where a bidi override would reorder what a reader sees around it ("Trojan Source") even in
 * escaped text and `textContent`. Line breaks and tabs are kept. Returns a copy; numbers and the rest as is.
 */
export function stripControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripEscapes(value) as T
  if (Array.isArray(value)) return value.map((item) => stripControlsDeep(item)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[stripEscapes(key)] = stripControlsDeep(item)
  return out as T
}

/** A line that cannot be read as a workflow command: `::x` → `:\u200B:x`. */
export function neutraliseCommand(line: string): string {
  return line.replace(COMMAND_START, (_, lead: string, start: string) =>
    start === '::' ? `${lead}:${ZWSP}:` : `${lead}#${ZWSP}#[`,
  )
}

/** Whether the Actions runner would read this line as a workflow command. */
export function isWorkflowCommand(line: string): boolean {
  return /^\s*(::|##\[)/.test(line.replace(/^[\u180e\ufeff]+/, ''))
}

function sanitizeLine(line: string): string {
  return neutraliseCommand(line.replace(/\t/g, ' '))
}

/** Untrusted text made safe for a terminal or CI log line (see the module comment). */
export function sanitizeTerminal(text: unknown, options: SanitizeOptions = {}): string {
  const raw = typeof text === 'string' ? text : String(text ?? '')
  const clean = stripEscapes(redact(raw))
  const out = options.multiline
    ? clean.split(LINE_BREAK).map(sanitizeLine).join('\n')
    : sanitizeLine(clean.split(LINE_BREAK).join(' ').replace(/ {2,}/g, ' '))
  return options.max === undefined ? out : clipText(out, options.max)
}

/** Cuts text longer than `max` code points, ending it with `…`; never splits a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text
  const chars = Array.from(text)
  if (chars.length <= max) return text
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`
}
