/**
 * The forms a secret leaks in, as literal strings to search for: the value itself, URL-encoded,
 * JSON-escaped, and base64/base64url at every byte offset inside a longer encoded string
 * (`Basic base64("user:" + token)` puts the token at offset 5, i.e. 2 modulo 3).
 */

/** Encoded forms shorter than this are not searched for: a 5-character run matches too much text. */
export const MIN_ENCODED_LENGTH = 6

/** Every form of `value` to search for, the value first, without duplicates. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value])
  const url = encodeURIComponent(value)
  forms.add(url)
  forms.add(url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))
  forms.add(url.replace(/%20/g, '+')) // application/x-www-form-urlencoded
  forms.add(encodeURIComponent(url)) // encoded twice (a URL inside a query parameter)
  const json = JSON.stringify(value).slice(1, -1)
  forms.add(json)
  forms.add(json.replace(/\//g, '\\/')) // some encoders escape `/`
  forms.add(JSON.stringify(json).slice(1, -1)) // JSON inside a JSON string
  for (const core of base64Cores(value)) if (core.length >= MIN_ENCODED_LENGTH) forms.add(core)
  return [...forms].filter((form) => form.length > 0)
}

/**
 * The base64 and base64url characters that encode only `value`'s bytes, for each of the three byte offsets
 * it can start at inside a longer encoded string. Characters mixing its bytes with neighbouring ones differ
 * from string to string, so they are trimmed: at offset 1 the first 2 characters, at offset 2 the first 3,
 * and the last one whenever the value does not end on a 3-byte boundary.
 */
export function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const cores: string[] = []
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes])
    let encoded = padded.toString('base64').replace(/=+$/, '')
    if (padded.length % 3 !== 0) encoded = encoded.slice(0, -1)
    const core = encoded.slice(LEADING_MIXED[offset])
    if (core.length === 0) continue
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...new Set(cores)]
}

/** Leading characters that depend on the bytes before the value, by offset. */
const LEADING_MIXED = [0, 2, 3]

/**
 * Line breaks a secret may be split by in printed text: real ones (CR, LF, CRLF) and their escaped
 * spellings (`\n`, `\r\n` as two characters, as in a JSON string or a log of one), each with the
 * indentation that follows a wrapped line.
 */
const BREAK = /(?:\r\n|\r|\n|\\r\\n|\\r|\\n)[ \t]*/g

/**
 * `text` with line breaks removed, and for each character of the result its index in `text`: a secret
 * found in the joined text is replaced in the original, break included. Null when there is no break.
 */
export function joinLines(text: string): { joined: string; origin: Int32Array } | null {
  BREAK.lastIndex = 0
  if (!BREAK.test(text)) return null
  BREAK.lastIndex = 0
  const origin = new Int32Array(text.length)
  let joined = ''
  let length = 0
  let from = 0
  const keep = (end: number) => {
    for (let i = from; i < end; i++) origin[length++] = i
    joined += text.slice(from, end)
  }
  for (let match = BREAK.exec(text); match !== null; match = BREAK.exec(text)) {
    keep(match.index)
    from = match.index + match[0].length
  }
  keep(text.length)
  return { joined, origin: origin.subarray(0, length) }
}

/**
 * `text` with every needle that appears only across line breaks replaced by `replacement`, the breaks
 * inside it included. Needles are tried longest first, like the plain replacement.
 */
export function redactAcrossLines(text: string, needles: readonly string[], replacement: string): string {
  let out = text
  let view = joinLines(out)
  for (const needle of needles) {
    if (!view) return out
    if (!view.joined.includes(needle)) continue
    let rebuilt = ''
    let copied = 0
    let at = view.joined.indexOf(needle)
    while (at !== -1) {
      const start = view.origin[at]!
      const end = view.origin[at + needle.length - 1]! + 1
      rebuilt += out.slice(copied, start) + replacement
      copied = end
      at = view.joined.indexOf(needle, at + needle.length)
    }
    out = rebuilt + out.slice(copied)
    view = joinLines(out)
  }
  return out
}

/** Whether `text` holds `needle`, directly or split by line breaks. */
export function holdsAcrossLines(text: string, needle: string): boolean {
  if (text.includes(needle)) return true
  const view = joinLines(text)
  return view?.joined.includes(needle) ?? false
}
