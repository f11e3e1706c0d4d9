import { afterEach, describe, expect, it } from 'vitest'
import { base64Cores, joinLines, secretForms } from '../../../core/security/encodings.js'
import { Redactor, resetRedactor } from '../../../core/security/redact.js'

const TOKEN = 'ghs_Abc123Def456Ghi789Jkl012Mno345'
// Bytes that encode to `+` and `/` in base64 (and `-`, `_` in base64url) at some offset.
const BINARYISH = 'p?>~x?~>?sEcReT'

afterEach(() => resetRedactor())

const redactor = (value: string) => new Redactor([{ source: 'test', value }])
const b64 = (text: string) => Buffer.from(text).toString('base64')
const b64url = (text: string) => Buffer.from(text).toString('base64url')

describe('base64Cores', () => {
  it('gives, for each offset 0–2, characters found in every longer encoded string holding the value', () => {
    const cores = base64Cores(TOKEN)
    for (const prefix of ['', 'u', 'us', 'user:', 'x-access-token:', 'ab', 'abc'])
      for (const suffix of ['', '!', '@h', ':pw'])
        for (const encode of [b64, b64url]) {
          const encoded = encode(`${prefix}${TOKEN}${suffix}`)
          expect(
            cores.some((core) => encoded.includes(core)),
            `${prefix}…${suffix}`,
          ).toBe(true)
        }
  })

  it('covers base64url for bytes that encode to + and /', () => {
    for (const prefix of ['', 'a', 'ab'])
      expect(base64Cores(BINARYISH).some((core) => b64url(`${prefix}${BINARYISH}`).includes(core))).toBe(true)
  })
})

describe('Redactor: every form at every offset and split', () => {
  const leaks: Array<[string, string]> = [
    ['base64 at offset 0', b64(TOKEN)],
    ['Basic base64("user:"+token)', `Authorization: Basic ${b64(`user:${TOKEN}`)}`],
    ['base64 offset 1', b64(`a${TOKEN}`)],
    ['base64 offset 2', b64(`ab${TOKEN}`)],
    ['base64url offset 1', b64url(`{"t":"${TOKEN}"}`)],
    ['URL-encoded', `https://x/?t=${encodeURIComponent(`${TOKEN}/=`)}`],
    ['JSON-escaped', JSON.stringify({ header: `Bearer ${TOKEN}` })],
    ['split by a newline', `token ${TOKEN.slice(0, 9)}\n${TOKEN.slice(9)} end`],
    ['split by CRLF and indentation', `${TOKEN.slice(0, 3)}\r\n    ${TOKEN.slice(3)}`],
    ['split by an escaped \\n', `"${TOKEN.slice(0, 20)}\\n${TOKEN.slice(20)}"`],
    ['base64 wrapped at 8 columns', b64(`user:${TOKEN}`).replace(/(.{8})/g, '$1\n')],
  ]
  for (const [name, text] of leaks)
    it(`removes the secret ${name}`, () => {
      const out = redactor(TOKEN).redact(text)
      expect(out).toContain('***')
      for (const form of secretForms(TOKEN)) expect(out).not.toContain(form)
      expect(out.replace(/\\?[\r\n]|\\n|\s/g, '')).not.toContain(TOKEN.slice(4, 20))
      expect(redactor(TOKEN).find(text)?.source).toBe('test')
    })

  it('keeps the text around a split secret, and text with no secret untouched', () => {
    expect(redactor(TOKEN).redact(`before ${TOKEN.slice(0, 5)}\n${TOKEN.slice(5)} after\nnext`)).toBe(
      'before *** after\nnext',
    )
    const plain = 'line one\nline two\\n three'
    expect(redactor(TOKEN).redact(plain)).toBe(plain)
    expect(redactor(TOKEN).find(plain)).toBeNull()
  })

  it('redacts base64 of a secret with + and / at every offset, in both alphabets', () => {
    for (const prefix of ['', 'a', 'ab'])
      for (const encode of [b64, b64url]) {
        const out = redactor(BINARYISH).redact(encode(`${prefix}${BINARYISH}`))
        expect(out).toContain('***')
      }
  })
})

describe('joinLines', () => {
  it('maps each character of the joined text back to the original', () => {
    const view = joinLines('ab\n  cd\\nef')!
    expect(view.joined).toBe('abcdef')
    expect([...view.origin]).toEqual([0, 1, 5, 6, 9, 10])
    expect(joinLines('no break')).toBeNull()
  })
})
