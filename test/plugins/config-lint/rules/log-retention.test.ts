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
      name: 'a metrics retention_days is not per level',
      filename: 'config/monitoring.yaml',
      code: 'retention_days: 7\n',
    },
  ],
  invalid: [
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
