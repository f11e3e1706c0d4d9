import { resilienceMissingTimeout } from '../../../../plugins/config-lint/rules/resilience-missing-timeout.js'
import { tester } from './tester.js'

tester.run(resilienceMissingTimeout, {
  valid: [
    {
      name: "an Envoy cluster's circuit_breakers thresholds (connection limits; max_retries is parallel retries)",
      filename: 'envoy/envoy.yaml',
      code: 'static_resources:\n  clusters:\n    - name: payments\n      connect_timeout: 1s\n      circuit_breakers:\n        thresholds:\n          - priority: DEFAULT\n            max_connections: 1024\n            max_retries: 3\n',
    },
    {
      name: 'a breaker with a call timeout',
      filename: 'config/calls.yaml',
      code: 'circuit_breaker:\n  failure_threshold: 5\n  timeout_ms: 2000\n',
    },
    {
      name: 'the timeout on the client that owns the breaker',
      filename: 'config/calls.yaml',
      code: 'payments:\n  timeout: 3s\n  circuit_breaker:\n    failure_threshold: 5\n',
    },
    {
      name: 'opossum with its default timeout',
      filename: 'config/breaker.json',
      code: '{ "errorThresholdPercentage": 50, "resetTimeout": 30000 }\n',
    },
    {
      name: 'health checks with a timeout',
      filename: 'config/monitoring.yaml',
      code: 'timeout: 5\nservices:\n  - name: api\n    url: http://localhost:8000/health\n',
    },
    {
      name: 'an Istio route with a timeout',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - route:\n        - destination: { host: api }\n      timeout: 5s\n',
    },
  ],
  invalid: [
    {
      name: "the original system's breaker: timeout_duration is how long it stays open",
      filename: 'config/communication-config.yaml',
      code: 'circuit_breaker:\n  failure_threshold: 5\n  timeout_duration: 60\n  half_open_max_calls: 3\n  failure_rate_threshold: 0.5\n',
      errors: [{ messageId: 'breaker', line: 1, column: 1, endColumn: 16 }],
    },
    {
      name: 'opossum with the timeout turned off',
      filename: 'config/breaker.json',
      code: '{\n  "timeout": false,\n  "errorThresholdPercentage": 50\n}\n',
      errors: [{ messageId: 'disabled', line: 2, column: 3 }],
    },
    {
      name: "the original system's health check",
      filename: 'config/monitoring-config.yaml',
      code: 'interval: 30\nservices:\n  - name: api-gateway\n    url: http://localhost:8000/health\n    critical: true\n',
      errors: [{ messageId: 'service', line: 3, column: 5 }],
    },
    {
      name: 'an Istio route without a timeout',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - route:\n        - destination: { host: api }\n',
      errors: [{ messageId: 'route', line: 4 }],
    },
  ],
})
