import { resilienceBreakerThresholds } from '../../../../plugins/config-lint/rules/resilience-breaker-thresholds.js'
import { tester } from './tester.js'

tester.run(resilienceBreakerThresholds, {
  valid: [
    {
      name: 'a rate with a minimum number of calls',
      filename: 'config/calls.yaml',
      code: 'circuit_breaker:\n  failure_rate_threshold: 0.5\n  minimum_number_of_calls: 20\n',
    },
    {
      name: 'opossum with a volume threshold',
      filename: 'config/breaker.json',
      code: '{ "errorThresholdPercentage": 50, "volumeThreshold": 10 }\n',
    },
    {
      name: 'a count-only breaker',
      filename: 'config/calls.yaml',
      code: 'circuit_breaker:\n  failure_threshold: 5\n',
    },
    {
      name: 'resilience4j defaults to 100 calls',
      filename: 'application.yaml',
      code: 'resilience4j:\n  circuitbreaker:\n    instances:\n      api:\n        failureRateThreshold: 50\n',
    },
  ],
  invalid: [
    {
      name: 'the original system: a failure rate and no volume',
      filename: 'config/communication-config.yaml',
      code: 'circuit_breaker:\n  failure_threshold: 5\n  timeout_duration: 60\n  half_open_max_calls: 3\n  failure_rate_threshold: 0.5\n',
      errors: [{ messageId: 'noVolume', line: 5, column: 3, endColumn: 25 }],
    },
    {
      name: 'opossum defaults: volumeThreshold 0',
      filename: 'config/breaker.json',
      code: '{\n  "timeout": 3000,\n  "resetTimeout": 30000\n}\n',
      errors: [{ messageId: 'noVolume', line: 1 }],
    },
    {
      name: 'a rate over 100 %',
      filename: 'config/calls.yaml',
      code: 'breaker:\n  error_threshold_percentage: 150\n  volume_threshold: 20\n',
      errors: [{ messageId: 'badRate', line: 2 }],
    },
  ],
})
