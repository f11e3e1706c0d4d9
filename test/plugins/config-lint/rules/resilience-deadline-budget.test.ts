import { resilienceDeadlineBudget } from '../../../../plugins/config-lint/rules/resilience-deadline-budget.js'
import { tester } from './tester.js'

tester.run(resilienceDeadlineBudget, {
  valid: [
    {
      name: 'Istio: 3 tries × 1 s inside 5 s',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - timeout: 5s\n      retries:\n        attempts: 2\n        perTryTimeout: 1s\n',
    },
    {
      name: 'a client whose retries and backoff fit',
      filename: 'config/calls.yaml',
      code: 'payments:\n  timeout_ms: 3000\n  retry:\n    max_attempts: 3\n    per_try_timeout_ms: 800\n    delay_ms: 100\n    multiplier: 2\n',
    },
    {
      name: 'a bare number has no unit to compare',
      filename: 'config/calls.yaml',
      code: 'client:\n  timeout: 3\n  retry:\n    attempts: 5\n    per_try_timeout: 2\n',
    },
  ],
  invalid: [
    {
      name: 'Istio: 4 tries × 2 s beyond 5 s',
      filename: 'istio/vs.yaml',
      code: 'kind: VirtualService\nspec:\n  http:\n    - timeout: 5s\n      retries:\n        attempts: 3\n        perTryTimeout: 2s\n',
      errors: [{ messageId: 'overBudget', line: 5, column: 7 }],
    },
    {
      name: 'backoff pushes it over',
      filename: 'config/calls.yaml',
      code: 'payments:\n  timeout_ms: 3000\n  retry:\n    max_attempts: 3\n    per_try_timeout_ms: 800\n    delay_ms: 400\n    multiplier: 2\n',
      errors: [{ messageId: 'overBudget', line: 3 }],
    },
  ],
})
