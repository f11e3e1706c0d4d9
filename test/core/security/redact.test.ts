import { afterEach, describe, expect, it } from 'vitest'
import {
  activeRedactor,
  addSecrets,
  collectSecrets,
  createRedactor,
  pendingMasks,
  REDACTED,
  Redactor,
  resetRedactor,
} from '../../../core/security/redact.js'
import { redactError, redactReport } from '../../../core/security/report.js'
import { makeMetric, makeReport } from '../../helpers/reports.js'

const TOKEN = 'ghs_Abc123Def456Ghi789Jkl012Mno345'

afterEach(() => resetRedactor())

describe('collectSecrets', () => {
  it('knows the token variables, secret-looking names above the minimum length, and the extra list', () => {
    const env = {
      GITHUB_TOKEN: TOKEN,
      'INPUT_GITHUB-TOKEN': 'ghp_inputTokenValue123',
      NPM_TOKEN: 'npm_abcdefghijkl',
      DB_PASSWORD: 'correct horse battery',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
      SIGNING_KEY: 'k3y-material-here',
      SHORT_TOKEN: 'abc', // too short to be a secret
      SSH_AUTH_SOCK: '/tmp/ssh-XXXX/agent.1', // a path, not a secret
      TOKEN_FILE: '/run/secrets/token', // a path
      HOME: '/home/someone',
      PATH: '/usr/bin:/bin',
      KEYBOARD: 'us-international', // KEY not as a suffix word
    }
    const found = collectSecrets({ env, extra: ['my-internal-host.example', 'ab'] })
    expect(found.map((s) => s.source).sort()).toEqual(
      [
        'GITHUB_TOKEN',
        'INPUT_GITHUB-TOKEN',
        'config redact[0]',
        'env AWS_SECRET_ACCESS_KEY',
        'env DB_PASSWORD',
        'env NPM_TOKEN',
        'env SIGNING_KEY',
      ].sort(),
    )
  })

  it('adds each line of a multi-line secret (a PEM key leaks line by line)', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----'
    const found = collectSecrets({ env: { DEPLOY_PRIVATE_KEY: key } })
    expect(found.map((s) => s.value)).toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC')
  })
})

describe('Redactor', () => {
  const redactor = createRedactor({ env: { GITHUB_TOKEN: TOKEN } })

  it('replaces the secret and the forms it leaks in: URL-encoded, JSON-escaped, base64', () => {
    const quoted = 'tok"en\\with-quotes'
    const r = createRedactor({ env: {}, extra: [quoted, TOKEN] })
    expect(r.redact(`a ${TOKEN} b ${TOKEN}`)).toBe(`a ${REDACTED} b ${REDACTED}`)
    expect(r.redact(`https://x:${encodeURIComponent(quoted)}@h`)).toBe(`https://x:${REDACTED}@h`)
    expect(r.redact(JSON.stringify({ quoted }))).toBe(`{"quoted":"${REDACTED}"}`)
    expect(r.redact(`Basic ${Buffer.from(TOKEN).toString('base64')}`)).not.toContain(
      Buffer.from(TOKEN).toString('base64').slice(0, 20),
    )
  })

  it('replaces a secret that contains another one whole', () => {
    const r = createRedactor({ env: {}, extra: ['abcd', 'abcdefgh'] })
    expect(r.redact('xabcdefghx abcd')).toBe(`x${REDACTED}x ${REDACTED}`)
  })

  it('walks JSON-like data, keys included, and shares what did not change', () => {
    const clean = { a: [1, 'ok'] }
    const data = { clean, [TOKEN]: { deep: [`x${TOKEN}`] } }
    const out = redactor.redactDeep(data) as Record<string, unknown>
    expect(JSON.stringify(out)).not.toContain(TOKEN)
    expect(out.clean).toBe(clean)
    class Holder {
      secret = TOKEN
    }
    expect(JSON.stringify(redactor.redactDeep({ held: new Holder() }))).not.toContain(TOKEN)
  })

  it('finds a secret as GitHub renders it: Markdown escapes, entities and zero-width characters removed', () => {
    expect(redactor.find('nothing here')).toBeNull()
    expect(redactor.find(TOKEN.replace('_', '\\_'))?.source).toBe('GITHUB_TOKEN')
    expect(redactor.find(`${TOKEN.slice(0, 5)}\u200B${TOKEN.slice(5)}`)?.source).toBe('GITHUB_TOKEN')
  })

  it('redacts reports in plugin-provided fields only, and errors without their cause', () => {
    const report = makeReport({
      tool: { name: 'perfgate', version: '1' },
      metrics: [makeMetric('a/b', 1, { title: `t ${TOKEN}` })],
      plugins: [{ name: 'perfgate:a', status: 'failed', durationMs: 1, error: TOKEN }],
    })
    const out = redactReport(report, redactor)
    expect(JSON.stringify(out)).not.toContain(TOKEN)
    expect(out.tool).toBe(report.tool)
    expect(redactReport(makeReport(), redactor).metrics).toEqual([])
    const error = redactError(new Error(`bad ${TOKEN}`, { cause: { headers: TOKEN } }), redactor)
    expect(error.message).toBe(`bad ${REDACTED}`)
    expect(error.stack).not.toContain(TOKEN)
    expect(error.cause).toBeUndefined()
  })
})

describe('the process-wide redactor and masks', () => {
  it('is built from process.env, grows with addSecrets, and announces each secret once in Actions', () => {
    const saved = { ...process.env }
    try {
      process.env.GITHUB_TOKEN = TOKEN
      process.env.GITHUB_ACTIONS = 'true'
      resetRedactor()
      expect(activeRedactor().redact(TOKEN)).toBe(REDACTED)
      addSecrets(['config-listed-value'])
      expect(activeRedactor().redact('a config-listed-value')).toBe(`a ${REDACTED}`)
      const first = pendingMasks()
      expect(first).toContain(`::add-mask::${TOKEN}`)
      expect(first).toContain('::add-mask::config-listed-value')
      expect(pendingMasks()).toEqual([])
      expect(pendingMasks(new Redactor([{ source: 'x', value: 'other-secret' }]), {})).toEqual([])
    } finally {
      process.env = saved
    }
  })
})

describe('addConfigSecrets', () => {
  it('adds the config list and announces it at once in Actions', async () => {
    const { addConfigSecrets } = await import('../../../core/security/redact.js')
    const saved = process.env.GITHUB_ACTIONS
    process.env.GITHUB_ACTIONS = 'true'
    resetRedactor()
    pendingMasks() // whatever this machine's environment holds was announced at start
    try {
      const written: string[] = []
      addConfigSecrets(['listed-in-config-1'], (t) => written.push(t))
      expect(written.join('')).toBe('::add-mask::listed-in-config-1\n')
      expect(activeRedactor().redact('x listed-in-config-1')).toBe(`x ${REDACTED}`)
      addConfigSecrets(undefined, (t) => written.push(t))
      expect(written).toHaveLength(1)
    } finally {
      if (saved === undefined) delete process.env.GITHUB_ACTIONS
      else process.env.GITHUB_ACTIONS = saved
    }
  })
})
