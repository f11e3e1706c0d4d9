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
