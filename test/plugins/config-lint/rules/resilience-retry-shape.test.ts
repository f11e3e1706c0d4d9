import { resilienceRetryShape } from '../../../../plugins/config-lint/rules/resilience-retry-shape.js'
import { tester } from './tester.js'

tester.run(resilienceRetryShape, {
  valid: [
    {
      name: "an Envoy cluster's circuit_breakers thresholds (connection limits; max_retries is parallel retries)",
      filename: 'envoy/envoy.yaml',
      code: 'static_resources:\n  clusters:\n    - name: payments\n      connect_timeout: 1s\n      circuit_breakers:\n        thresholds:\n          - priority: DEFAULT\n            max_connections: 1024\n            max_retries: 3\n',
    },
    {
      name: 'bounded, exponential, jittered',
      filename: 'config/calls.yaml',
      code: 'retry:\n  max_attempts: 3\n  backoff: exponential\n  multiplier: 2\n  jitter: true\n',
    },
    {
      name: 'resilience4j with exponential backoff and randomized wait',
      filename: 'application.yaml',
      code: 'resilience4j:\n  retry:\n    instances:\n      payments:\n        maxAttempts: 3\n        enableExponentialBackoff: true\n        enableRandomizedWait: true\n',
    },
    {
      name: 'jitter inside the backoff object',
      filename: 'config/calls.yaml',
      code: 'retry:\n  attempts: 2\n  backoff: { type: exponential, jitter: full }\n',
    },
    { name: 'retries off', filename: 'config/calls.yaml', code: 'retry:\n  attempts: 0\n' },
    {
      name: 'Istio: Envoy backs off with jitter itself',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - retries:\n        attempts: 2\n        perTryTimeout: 2s\n',
    },
  ],
  invalid: [
    {
      name: 'resilience4j defaults: fixed 500 ms, no jitter',
      filename: 'application.yaml',
      code: 'resilience4j:\n  retry:\n    instances:\n      payments:\n        maxAttempts: 3\n        waitDuration: 500ms\n',
      errors: [
        { messageId: 'noBackoff', line: 4, column: 7 },
        { messageId: 'noJitter', line: 4 },
      ],
    },
    {
      name: 'unbounded retries',
      filename: 'config/calls.yaml',
      code: 'retry:\n  max_retries: -1\n  backoff: exponential\n  jitter: true\n',
      errors: [{ messageId: 'unbounded', line: 2, column: 16 }],
    },
    {
      name: 'too many, at a fixed pace',
      filename: 'config/calls.yaml',
      code: 'client:\n  retries: 10\n  retry_delay: 1\n',
      errors: [
        { messageId: 'tooMany', line: 2 },
        { messageId: 'noBackoff', line: 1 },
        { messageId: 'noJitter', line: 1 },
      ],
    },
    {
      name: 'Istio: too many attempts still count',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - retries:\n        attempts: 20\n',
      errors: [{ messageId: 'tooMany', line: 5 }],
    },
  ],
})
