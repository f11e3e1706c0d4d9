import { logProdLevel } from '../../../../plugins/config-lint/rules/log-prod-level.js'
import { tester } from './tester.js'

tester.run(logProdLevel, {
  valid: [
    {
      name: 'info in production',
      filename: 'config/logging.yaml',
      code: 'level: info\nhandlers:\n  console:\n    level: warning\n',
    },
    { name: 'debug in a development file', filename: 'config/logging.dev.yaml', code: 'level: debug\n' },
    {
      name: 'debug when the file says it is for development',
      filename: 'config/logging.yaml',
      code: 'environment: development\nlevel: debug\n',
    },
    { name: 'redis notice', filename: 'redis.conf', code: 'loglevel notice\n' },
    {
      name: 'pino in JS at info; a computed level is not judged',
      filename: 'src/logger.js',
      code: "import pino from 'pino'\nexport const a = pino({ level: 'info' })\nexport const b = pino({ level: process.env.LOG_LEVEL })\nexport const c = pino({ level: getLevel() })\n",
    },
    {
      name: 'a fallback to debug in a development folder',
      filename: 'src/dev/logger.ts',
      code: "import pino from 'pino'\nexport default pino({ level: process.env.LOG_LEVEL ?? 'debug' })\n",
    },
    {
      name: 'a template with an expression is not a literal',
      filename: 'src/log/index.ts',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the JS source under test has a template
      code: "import { createLogger } from 'winston'\nconst env = 'debug'\nexport const log = createLogger({ level: `${env}` })\n",
    },
    {
      name: 'Fluent Bit at info',
      filename: 'fluent-bit.conf',
      code: '[SERVICE]\n    Flush     1\n    Log_Level info\n',
    },
    {
      name: 'nginx error_log at warn',
      filename: 'nginx.conf',
      code: 'error_log /var/log/nginx/error.log warn;\n',
    },
  ],
  invalid: [
    {
      name: 'pino options in JSON',
      filename: 'config/pino.json',
      code: '{\n  "level": "debug",\n  "redact": ["req.headers.authorization"]\n}\n',
      errors: [{ messageId: 'verbose', line: 2, column: 12 }],
    },
    {
      name: 'a python dictConfig logger',
      filename: 'config/logging.yaml',
      code: 'version: 1\nloggers:\n  app:\n    level: DEBUG\nroot:\n  level: trace\n',
      errors: [
        { messageId: 'verbose', line: 4, column: 12 },
        { messageId: 'verbose', line: 6, column: 10 },
      ],
    },
    {
      name: 'pino.default in CommonJS, position at the literal',
      filename: 'src/logger.cjs',
      code: "const pino = require('pino')\nmodule.exports = pino.default({\n  level: 'trace',\n})\n",
      errors: [{ messageId: 'verbose', line: 3, column: 10, endColumn: 17 }],
    },
    {
      name: 'winston createLogger and a Console transport in TypeScript',
      filename: 'src/logging.ts',
      code: "import winston from 'winston'\nconst opts: winston.LoggerOptions = { level: 'debug' as const }\nexport const log = winston.createLogger({ ...opts, transports: [new winston.transports.Console({ level: 'silly' })] })\nwinston.createLogger(opts)\n",
      errors: [
        { messageId: 'verbose', line: 3, column: 105 },
        { messageId: 'verbose', line: 2, column: 46 },
      ],
    },
    {
      name: 'a fallback literal in a production file',
      filename: 'src/logger.ts',
      code: "import pino from 'pino'\nexport default pino({ level: process.env.LOG_LEVEL ?? 'debug' })\n",
      errors: [{ messageId: 'verboseFallback', line: 2, column: 30 }],
    },
    {
      name: 'Fluent Bit classic and YAML at debug',
      filename: 'fluent-bit/fluent-bit.conf',
      code: '[SERVICE]\n    Log_Level debug\n',
      errors: [{ messageId: 'verbose', line: 2, column: 15, endColumn: 20 }],
    },
    {
      name: 'redis loglevel debug',
      filename: 'redis.conf',
      code: 'loglevel debug\n',
      errors: [{ messageId: 'verbose', line: 1 }],
    },
    {
      name: 'nginx error_log debug',
      filename: 'nginx.conf',
      code: 'error_log /var/log/nginx/error.log debug;\n',
      errors: [{ messageId: 'verbose', line: 1, column: 36, endColumn: 41 }],
    },
  ],
})
