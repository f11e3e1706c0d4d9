import { logRetention } from '../../../../plugins/config-lint/rules/log-retention.js'
import { tester } from './tester.js'

tester.run(logRetention, {
  valid: [
    {
      name: 'every level bounded, errors longest',
      filename: 'config/logging.yaml',
      code: 'retention:\n  error: { days: 90 }\n  warning: { days: 30 }\n  info: { days: 7 }\n',
    },
    {
      name: 'plain numbers and durations',
      filename: 'config/logging.yaml',
      code: 'retention:\n  error: 90\n  warn: 30d\n  info: 168h\n',
    },
    {
      name: 'Loki with retention enabled and a period',
      filename: 'loki.yaml',
      code: 'compactor:\n  retention_enabled: true\nlimits_config:\n  retention_period: 744h\n',
    },
    {
      name: 'Fluent Bit: filesystem buffering with a limit per output, es and loki outputs',
      filename: 'fluent-bit.conf',
      code: '[SERVICE]\n    storage.path /var/lib/flb\n\n[INPUT]\n    Name         tail\n    Tag          app.*\n    storage.type filesystem\n\n[OUTPUT]\n    Name                     es\n    Match                    app.*\n    storage.total_limit_size 5G\n\n[OUTPUT]\n    Name  loki\n    Match other.*\n',
    },
    {
      name: 'Fluent Bit: a memory-buffered input needs no disk limit',
      filename: 'fluent-bit/pipeline.conf',
      code: '[INPUT]\n    Name cpu\n    Tag  cpu\n[OUTPUT]\n    Name  stdout\n    Match *\n',
    },
    {
      name: 'winston File with maxsize and maxFiles, DailyRotateFile 14d, a stream, computed options',
      filename: 'src/logger.js',
      code: "const winston = require('winston')\nconst DailyRotateFile = require('winston-daily-rotate-file')\nmodule.exports = winston.createLogger({ transports: [\n  new winston.transports.File({ filename: 'app.log', maxsize: 10485760, maxFiles: 5 }),\n  new DailyRotateFile({ filename: 'app-%DATE%.log', maxFiles: '14d' }),\n  new winston.transports.File({ stream: process.stdout }),\n  new winston.transports.File({ filename: 'x.log', maxsize: SIZE, ...rest }),\n  new winston.transports.File(fileOptions()),\n] })\n",
    },
    {
      name: 'a metrics retention_days is not per level',
      filename: 'config/monitoring.yaml',
      code: 'retention_days: 7\n',
    },
  ],
  invalid: [
    {
      name: 'Fluent Bit: a file output, and a filesystem buffer without a limit (through @INCLUDE)',
      filename: 'fluent-bit/fluent-bit.conf',
      files: {
        'fluent-bit/outputs.conf':
          '[OUTPUT]\n    Name  file\n    Match *\n    Path  /var/log/out\n[OUTPUT]\n    Name  es\n    Match app.*\n',
      },
      code: '[INPUT]\n    Name         tail\n    Tag          app.web\n    storage.type filesystem\n\n@INCLUDE outputs.conf\n',
      errors: [
        { messageId: 'fluentBitFile', file: 'fluent-bit/outputs.conf', line: 2, column: 11, endColumn: 15 },
        { messageId: 'fluentBitBuffer', file: 'fluent-bit/outputs.conf', line: 2 },
        { messageId: 'fluentBitBuffer', file: 'fluent-bit/outputs.conf', line: 6 },
      ],
    },
    {
      name: 'Fluent Bit YAML: a filesystem input routed to an output without a limit',
      filename: 'fluent-bit.yaml',
      code: 'pipeline:\n  inputs:\n    - name: tail\n      tag: kube.*\n      storage.type: filesystem\n  outputs:\n    - name: loki\n      match: "*"\n',
      errors: [{ messageId: 'fluentBitBuffer', line: 7, column: 13 }],
    },
    {
      name: 'winston: File without limits, maxsize alone, DailyRotateFile without maxFiles or kept 20 years',
      filename: 'src/logging.ts',
      code: "import { createLogger, transports } from 'winston'\nimport DailyRotateFile from 'winston-daily-rotate-file'\nexport const log = createLogger({\n  transports: [\n    new transports.File({ filename: 'a.log' }),\n    new transports.File({ filename: 'b.log', maxsize: 1e7 }),\n    new DailyRotateFile({ filename: 'c-%DATE%.log' }),\n    new DailyRotateFile({ filename: 'd-%DATE%.log', maxFiles: '7300d' }),\n  ],\n})\n",
      errors: [
        { messageId: 'winstonFile', line: 5, column: 25 },
        { messageId: 'winstonFile', line: 6, column: 55 },
        { messageId: 'dailyRotateKeepsAll', line: 7, column: 25 },
        { messageId: 'tooLong', line: 8, column: 63 },
      ],
    },
    {
      name: 'an exported per-level retention in JS without warning',
      filename: 'src/log/config.js',
      code: 'export const logging = {\n  retention: { error: { days: 90 }, info: { days: 7 } },\n}\n',
      errors: [{ messageId: 'missingLevel', line: 2, column: 3 }],
    },
    {
      name: 'the original system: no warning level',
      filename: 'config/logging-config.yaml',
      code: 'retention:\n  error:\n    days: 90\n  info:\n    days: 7\n',
      errors: [{ messageId: 'missingLevel', line: 1, column: 1, endColumn: 10 }],
    },
    {
      name: 'errors kept shorter than info',
      filename: 'config/logging.yaml',
      code: 'retention:\n  error: { days: 7 }\n  warning: { days: 30 }\n  info: { days: 30 }\n',
      errors: [
        { messageId: 'errorsShorter', line: 2 },
        { messageId: 'errorsShorter', line: 2 },
      ],
    },
    {
      name: 'forever',
      filename: 'config/logging.yaml',
      code: 'retention:\n  error: forever\n  warning: 30\n  info: 7\n',
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    {
      name: 'Loki without retention_enabled keeps everything',
      filename: 'loki.yaml',
      code: 'compactor:\n  working_directory: /loki/compactor\nlimits_config:\n  retention_period: 744h\n',
      errors: [{ messageId: 'lokiDisabled', line: 1 }],
    },
    {
      name: 'Loki retention enabled with the default period 0',
      filename: 'loki.yaml',
      code: 'compactor:\n  retention_enabled: true\nlimits_config:\n  ingestion_rate_mb: 4\n',
      errors: [{ messageId: 'lokiNoPeriod', line: 3 }],
    },
  ],
})
