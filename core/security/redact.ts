/**
 * One redaction for everything perfgate prints, writes, stores or posts. It knows the GitHub token
 * (`GITHUB_TOKEN`, the Action's token input), the values of environment variables whose names look
 * secret, and a list the config adds (`redact: string[]`). Every known secret, and the encodings it is
 * most often leaked in (URL-encoded, JSON-escaped, base64 and base64url at any offset: ./encodings.ts),
 * is replaced by `***`, also when a line break (real or escaped) splits it.
 */

import { holdsAcrossLines, redactAcrossLines, secretForms } from './encodings.js'

export const REDACTED = '***'

/** A secret value and where it came from (the name is safe to print, the value never is). */
export interface Secret {
  /** e.g. `GITHUB_TOKEN`, `env NPM_TOKEN`, `config redact[0]`. */
  source: string
  value: string
}

export interface RedactionOptions {
  env?: NodeJS.ProcessEnv
  /** Literal values to redact too (the config's `redact`). */
  extra?: readonly string[]
}

/** Variables that always hold the GitHub token when set (the runner passes inputs as `INPUT_<NAME>`). */
export const TOKEN_VARIABLES = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'INPUT_TOKEN',
  'INPUT_GITHUB-TOKEN',
  'INPUT_GITHUB_TOKEN',
]

/** Names that look secret: …TOKEN…, …SECRET…, …PASSWORD…, …_KEY, … (case-insensitive). */
export const SECRET_NAME =
  /TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|(^|[_-])(KEY|PAT|AUTH)$/i

/** …but these hold a path or an address, not the secret itself. */
const NOT_SECRET_NAME = /(_FILE|_PATH|_DIR|_SOCK|_URL|_PORT|_HOST)$/i

/** Heuristically found values shorter than this are not secrets (`true`, `1`, `main`). */
export const MIN_GUESSED_LENGTH = 8
/** Explicit secrets (the token, the config list) shorter than this are ignored: `***`-ing `a` helps nobody. */
export const MIN_EXPLICIT_LENGTH = 4

/** Every secret the environment and `extra` name, deduplicated; multi-line values also line by line. */
export function collectSecrets(options: RedactionOptions = {}): Secret[] {
  const env = options.env ?? process.env
  const found: Secret[] = []
  for (const name of TOKEN_VARIABLES) {
    const value = env[name]
    if (value && value.length >= MIN_EXPLICIT_LENGTH) found.push({ source: name, value })
  }
  for (const [name, value] of Object.entries(env)) {
    if (!value || TOKEN_VARIABLES.includes(name)) continue
    if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name)) continue
    if (value.length < MIN_GUESSED_LENGTH) continue
    found.push({ source: `env ${name}`, value })
  }
  ;(options.extra ?? []).forEach((value, i) => {
    if (typeof value === 'string' && value.length >= MIN_EXPLICIT_LENGTH)
      found.push({ source: `config redact[${i}]`, value })
  })
  return dedupe(found.flatMap(withLines))
}

/** A multi-line secret (a PEM key) may leak one line at a time: each long line is a secret too. */
function withLines(secret: Secret): Secret[] {
  if (!/[\r\n]/.test(secret.value)) return [secret]
  const lines = secret.value
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_GUESSED_LENGTH)
  return [secret, ...lines.map((value) => ({ source: `${secret.source} (a line)`, value }))]
}

function dedupe(secrets: Secret[]): Secret[] {
  const seen = new Map<string, Secret>()
  for (const secret of secrets) if (!seen.has(secret.value)) seen.set(secret.value, secret)
  return [...seen.values()]
}

/** The forms a secret is leaked in besides itself (./encodings.ts). */
const variants = secretForms

/** A line break, real or escaped, that may split a secret in printed text. */
const MAY_SPLIT = /[\r\n]|\\[rn]/

/** Markdown escapes (`\_`), zero-width joiners and HTML entities removed: what a reader of the body sees. */
function asRendered(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!)
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }

export class Redactor {
  readonly secrets: readonly Secret[]
  /** Every form of every secret, longest first so that a secret containing another is replaced whole. */
  private readonly needles: string[]

  constructor(secrets: readonly Secret[]) {
    this.secrets = dedupe([...secrets])
    this.needles = [...new Set(this.secrets.flatMap((s) => variants(s.value)))].sort(
      (a, b) => b.length - a.length,
    )
  }

  get size(): number {
    return this.secrets.length
  }

  /** `text` with every known secret replaced by `***`. */
  redact(text: string): string {
    if (this.needles.length === 0 || typeof text !== 'string') return text
    let out = text
    for (const needle of this.needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED)
    return MAY_SPLIT.test(out) ? redactAcrossLines(out, this.needles, REDACTED) : out
  }

  /**
   * A copy of a JSON-like value with every string (keys too) redacted; unchanged parts are shared.
   * Class instances become plain objects of their own enumerable fields (what JSON would write), except
   * those with `toJSON` (dates), which are kept.
   */
  redactDeep<T>(value: T): T {
    if (this.needles.length === 0) return value
    return this.walk(value, 0) as T
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (value === null || typeof value !== 'object' || depth > 64) return value
    if (Array.isArray(value)) {
      let changed = false
      const out = value.map((item) => {
        const next = this.walk(item, depth + 1)
        if (next !== item) changed = true
        return next
      })
      return changed ? out : value
    }
    const proto = Object.getPrototypeOf(value)
    const plain = proto === Object.prototype || proto === null
    if (!plain && typeof (value as { toJSON?: unknown }).toJSON === 'function') return value
    if (!plain && ArrayBuffer.isView(value)) return value
    const out: Record<string, unknown> = {}
    let changed = !plain
    for (const [key, item] of Object.entries(value)) {
      const k = this.redact(key)
      const next = this.walk(item, depth + 1)
      if (k !== key || next !== item) changed = true
      out[k] = next
    }
    return changed ? out : value
  }

  /** The first secret `text` still holds, read as GitHub renders it (escapes removed); null if none. */
  find(text: string): Secret | null {
    if (this.secrets.length === 0) return null
    const rendered = asRendered(text)
    for (const secret of this.secrets)
      for (const form of variants(secret.value))
        if (holdsAcrossLines(text, form) || holdsAcrossLines(rendered, form)) return secret
    return null
  }

  /** This redactor plus more secrets. */
  with(more: readonly Secret[]): Redactor {
    return more.length === 0 ? this : new Redactor([...this.secrets, ...more])
  }
}

export function createRedactor(options: RedactionOptions = {}): Redactor {
  return new Redactor(collectSecrets(options))
}

// The process-wide redactor: built from process.env on first use; the config's list and a token given
// as an option are added once known. Logger, terminal sanitiser, runner boundary and stores all use it.
let active: Redactor | null = null

export function activeRedactor(): Redactor {
  active ??= createRedactor()
  return active
}

/** Adds literal values (the config's `redact`, a token passed as an option) to the process-wide redactor. */
export function addSecrets(values: ReadonlyArray<string | undefined>, source = 'config redact'): Redactor {
  const more = values
    .map((value, i) => ({ source: `${source}[${i}]`, value: value ?? '' }))
    .filter((s) => s.value.length >= MIN_EXPLICIT_LENGTH)
  active = activeRedactor().with(more.flatMap(withLines))
  return active
}

/** Forgets the process-wide redactor (tests that change process.env). */
export function resetRedactor(): void {
  active = null
  announced.clear()
}

/** Redacts with the process-wide redactor. */
export function redact(text: string): string {
  return activeRedactor().redact(text)
}

// Secrets already given to the Actions runner as `::add-mask::` in this process.
const announced = new Set<string>()

/**
 * `::add-mask::` lines for the secrets not announced yet, when running in GitHub Actions (else none).
 * The runner then hides them in the job log too, including output perfgate does not control.
 */
export function pendingMasks(
  redactor: Redactor = activeRedactor(),
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (env.GITHUB_ACTIONS !== 'true') return []
  const lines: string[] = []
  for (const { value } of redactor.secrets) {
    if (announced.has(value)) continue
    announced.add(value)
    // A mask is one line; the runner masks each line of a multi-line secret separately.
    for (const line of value.split(/\r?\n|\r/))
      if (line.trim().length >= MIN_EXPLICIT_LENGTH)
        lines.push(`::add-mask::${line.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`)
  }
  return lines
}

/**
 * For the runner once the config is loaded: adds the config's `redact` values to the process-wide
 * redactor and, in GitHub Actions, announces them to the runner (`::add-mask::`, on stderr by default)
 * before anything else can print them.
 */
export function addConfigSecrets(
  values: readonly string[] | undefined,
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  if (!values || values.length === 0) return
  addSecrets(values)
  const masks = pendingMasks()
  if (masks.length > 0) write(`${masks.join('\n')}\n`)
}
