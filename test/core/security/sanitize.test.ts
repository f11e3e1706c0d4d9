import { afterEach, describe, expect, it } from 'vitest'
import { resetRedactor } from '../../../core/security/redact.js'
import {
  clipText,
  isWorkflowCommand,
  sanitizeTerminal,
  stripControlsDeep,
  stripEscapes,
} from '../../../core/security/sanitize.js'

afterEach(() => resetRedactor())

const ESC = '\u001b'

describe('sanitizeTerminal', () => {
  it('removes CSI, OSC (OSC-8 links, titles), DCS and 8-bit sequences, bells and bidi overrides', () => {
    expect(sanitizeTerminal(`a${ESC}[2J${ESC}[H${ESC}[31;1mred${ESC}[0m b`)).toBe('ared b')
    expect(sanitizeTerminal(`${ESC}]8;;https://evil.test${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link')
    expect(sanitizeTerminal(`${ESC}]0;title\u0007x`)).toBe('x')
    expect(sanitizeTerminal(`${ESC}Pq#0;2;0;0;0${ESC}\\after`)).toBe('after')
    expect(sanitizeTerminal('\u009b31mred \u009d0;t\u009c ok')).toBe('red ok')
    expect(sanitizeTerminal('a\u0000b\u0007c\u007fd\u202eevil\u2066')).toBe('abcdevil')
    expect(sanitizeTerminal(`${ESC}c${ESC}(Breset`)).toBe('reset')
  })

  it('folds newlines, keeps lines apart with multiline', () => {
    expect(sanitizeTerminal('one\ntwo\r\nthree\rfour\u2028five')).toBe('one two three four five')
    expect(sanitizeTerminal('one\r\ntwo\tthree', { multiline: true })).toBe('one\ntwo three')
  })

  it('never lets a line start with a workflow command, whatever whitespace comes first', () => {
    for (const lead of ['', ' ', '\t', '   ', '\u00a0', '\u3000', '\u2003', '\u200b', '\ufeff']) {
      for (const command of ['::error::x', '::add-mask::x', '##[group]x']) {
        const out = sanitizeTerminal(`${lead}${command}`)
        expect(isWorkflowCommand(out), JSON.stringify(out)).toBe(false)
        expect(out.replace(/\u200b/g, ''), 'still readable').toContain(command)
      }
    }
    const multi = sanitizeTerminal('ok\n  ::error::second line\n::warning::third', { multiline: true })
    expect(multi.split('\n').some(isWorkflowCommand)).toBe(false)
    expect(sanitizeTerminal('a::b')).toBe('a::b') // only the start of a line matters
    expect(sanitizeTerminal('title\n::error::after a newline').includes('\n')).toBe(false)
  })

  it('holds for random hostile input: no control character, no command line', () => {
    const alphabet = [
      '\n',
      '\r',
      ' ',
      '\t',
      ':',
      ':',
      '#',
      '[',
      ESC,
      ']',
      '\u0007',
      '\u009b',
      'a',
      '\u2028',
      '\\',
    ]
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 20) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('')
      for (const multiline of [false, true]) {
        const out = sanitizeTerminal(text, { multiline })
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(out), JSON.stringify(text)).toBe(false)
        expect(out.split('\n').some(isWorkflowCommand), JSON.stringify(text)).toBe(false)
      }
    }
  })

  it('clips to max code points with an ellipsis, never splitting a surrogate pair', () => {
    expect(sanitizeTerminal('x'.repeat(10_000), { max: 40 })).toHaveLength(40)
    expect(sanitizeTerminal('x'.repeat(10_000), { max: 40 }).endsWith('…')).toBe(true)
    expect(clipText('😀😀😀😀', 3)).toBe('😀😀…')
    expect(clipText('short', 10)).toBe('short')
  })

  it('redacts known secrets too', () => {
    const saved = process.env.GITHUB_TOKEN
    process.env.GITHUB_TOKEN = 'ghs_sanitizeTestToken123'
    resetRedactor()
    try {
      expect(sanitizeTerminal('token ghs_sanitizeTestToken123')).toBe('token ***')
    } finally {
      if (saved === undefined) delete process.env.GITHUB_TOKEN
      else process.env.GITHUB_TOKEN = saved
    }
  })

  it('stripEscapes keeps line breaks for callers that lay out lines themselves', () => {
    expect(stripEscapes(`a${ESC}[1m\nb`)).toBe('a\nb')
  })
})

describe('stripControlsDeep', () => {
  it('removes every bidi control and mark from every string of plain data, keys too, and nothing else', () => {
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c'
    const input = {
      title: `a${bidi}b`,
      'k\u202e': [`x\u2067y`, 3, null, { deep: `line one\nline\u200f two${ESC}[2J` }],
      n: 1.5,
      ok: true,
      none: null,
    }
    expect(stripControlsDeep(input)).toEqual({
      title: 'ab',
      k: ['xy', 3, null, { deep: 'line one\nline two' }],
      n: 1.5,
      ok: true,
      none: null,
    })
    expect(input.title).toBe(`a${bidi}b`) // a copy: the caller's data is left as it was
    expect(stripControlsDeep('\u202eplain')).toBe('plain')
  })
})
