import { logAlertRules } from '../../../../plugins/config-lint/rules/log-alert-rules.js'
import { tester } from './tester.js'

tester.run(logAlertRules, {
  valid: [
    {
      name: 'threshold, severity and window',
      filename: 'config/logging.yaml',
      code: 'alert_rules:\n  - name: High Error Rate\n    threshold: 0.05\n    severity: critical\n    window: 5m\n',
    },
  ],
  invalid: [
    {
      name: 'the original system\'s "High Error Rate" has no window',
      filename: 'config/logging-config.yaml',
      code: 'alert_rules:\n  - name: "High Error Rate"\n    type: error_rate\n    threshold: 0.05\n    severity: critical\n',
      errors: [{ messageId: 'incomplete', line: 2, column: 5 }],
    },
    {
      name: 'a rule with only a name',
      filename: 'config/alerts.yaml',
      code: 'alerts:\n  - name: Slow API\n',
      errors: [{ messageId: 'incomplete', line: 2 }],
    },
  ],
})
