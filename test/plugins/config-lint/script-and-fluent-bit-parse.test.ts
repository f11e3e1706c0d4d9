import { describe, expect, it } from 'vitest'
import { lintCase } from '../../../plugins/config-lint/index.js'
import { logProdLevel } from '../../../plugins/config-lint/rules/log-prod-level.js'

const brief = (findings: { file?: string; line?: number; column?: number; ruleId: string }[]) =>
  findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)

describe('files that do not parse: one parse-error at the parser position, the other files still linted', () => {
  it('a JavaScript syntax error', async () => {
    const findings = await lintCase(logProdLevel, {
      filename: 'src/logger.js',
      code: "import pino from 'pino'\nexport default pino({ level: 'debug', })\nconst = 1\n",
    })
    expect(brief(findings)).toEqual(['src/logger.js:3:7 config-lint/parse-error'])
    expect(findings[0].message).toMatch(/^This JavaScript file does not parse: Unexpected token\.$/)
  })

  it('a TypeScript syntax error (through @babel/parser), and the other files still linted', async () => {
    const findings = await lintCase(logProdLevel, {
      filename: 'src/logger.ts',
      code: "import pino from 'pino'\nconst level: = 'debug'\n",
      files: {
        'src/log/other.ts': "import pino from 'pino'\nexport default pino({ level: 'trace' as const })\n",
      },
      lintAll: true,
    })
    expect(brief(findings)).toEqual([
      'src/log/other.ts:2:30 log/prod-level',
      'src/logger.ts:2:14 config-lint/parse-error',
    ])
    expect(findings[1].message).toContain('This TypeScript file does not parse')
  })

  it("Fluent Bit's classic format: unindented entries, mixed indentation, a key without value, a missing include", async () => {
    const findings = await lintCase(logProdLevel, {
      filename: 'fluent-bit.conf',
      code: '[SERVICE]\n    Flush 1\n  Log_Level debug\nDaemon off\n[INPUT]\n    Name\n@INCLUDE missing-*.conf\n[OUTPUT\n',
      files: { 'fluent-bit/ok.conf': '[SERVICE]\n\tLog_Level trace\n' },
      lintAll: true,
    })
    expect(brief(findings)).toEqual([
      'fluent-bit.conf:3:3 config-lint/parse-error',
      'fluent-bit.conf:4:1 config-lint/parse-error',
      'fluent-bit.conf:6:5 config-lint/parse-error',
      'fluent-bit.conf:7:1 config-lint/parse-error',
      'fluent-bit.conf:8:1 config-lint/parse-error',
      'fluent-bit/ok.conf:2:12 log/prod-level',
    ])
    expect(findings.map((f) => f.message).join('\n')).toContain('indentation differs')
  })
})
