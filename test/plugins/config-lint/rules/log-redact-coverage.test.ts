import { logRedactCoverage } from '../../../../plugins/config-lint/rules/log-redact-coverage.js'
import { tester } from './tester.js'

tester.run(logRedactCoverage, {
  valid: [
    {
      name: 'pino redact covering the usual fields',
      filename: 'config/pino.json',
      code: JSON.stringify({
        level: 'info',
        redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', 'body.token'],
      }),
    },
    {
      name: 'redact as { paths, censor }',
      filename: 'config/logger.yaml',
      code: 'redact:\n  paths: [req.headers.authorization, req.headers.cookie, user.password, auth.accessToken]\n  censor: "[redacted]"\n',
    },
    { name: 'no redact option: not a pino config', filename: 'config/logger.yaml', code: 'level: info\n' },
    {
      name: 'pino in JS covering the usual fields',
      filename: 'src/logger.mjs',
      code: "import { pino } from 'pino'\nexport const log = pino({ redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'] })\n",
    },
    {
      name: 'a redact array with a spread is not judged',
      filename: 'src/logger.ts',
      code: "import pino from 'pino'\nimport { BASE } from './redact'\nexport default pino({ redact: [...BASE, 'req.headers.cookie'] })\n",
    },
  ],
  invalid: [
    {
      name: 'pino options passed by name in TypeScript: cookie and token uncovered, a partial wildcard',
      filename: 'src/log/pino.ts',
      code: "import pino, { type LoggerOptions } from 'pino'\nconst options: LoggerOptions = {\n  redact: { paths: ['req.headers.authorization', '*.pass*'], censor: '***' },\n}\nexport const log = pino(options)\n",
      errors: [
        { messageId: 'partialWildcard', line: 3, column: 50, endColumn: 59 },
        { messageId: 'uncovered', line: 3, column: 3, endColumn: 9 },
      ],
    },
    {
      name: 'cookie and token left in clear text',
      filename: 'config/pino.json',
      code: '{\n  "redact": ["req.headers.authorization", "*.password"]\n}\n',
      errors: [{ messageId: 'uncovered', line: 2, column: 3 }],
    },
    {
      name: 'partial and multiple wildcards',
      filename: 'config/logger.yaml',
      code: 'redact:\n  - req.headers.authorization\n  - req.headers.cookie\n  - "*.pass*"\n  - "a.*.b.*.token"\n  - password\n',
      errors: [
        { messageId: 'partialWildcard', line: 4 },
        { messageId: 'multipleWildcards', line: 5 },
      ],
    },
  ],
})
