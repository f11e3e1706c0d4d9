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
      name: 'app and mesh retry different services',
      filename: 'config/clients.yaml',
      code: 'services:\n  orders:\n    url: http://orders:8080\n    retry:\n      max_attempts: 3\n',
      files: {
        'istio/payments-vs.yaml':
          'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: payments\nspec:\n  hosts: [payments]\n  http:\n    - timeout: 10s\n      route:\n        - destination:\n            host: payments.prod.svc.cluster.local\n      retries:\n        attempts: 2\n        perTryTimeout: 2s\n',
      },
      lintAll: true,
    },
    {
      name: 'mesh retries turned off (attempts: 0) for the service the app retries',
      filename: 'config/clients.yaml',
      code: 'services:\n  payments:\n    url: http://payments.prod.svc.cluster.local:8080\n    timeout_ms: 3000\n    retry:\n      max_attempts: 3\n      per_try_timeout_ms: 1000\n',
      files: {
        'istio/payments-vs.yaml':
          'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: payments\nspec:\n  hosts: [payments]\n  http:\n    - timeout: 10s\n      route:\n        - destination:\n            host: payments.prod.svc.cluster.local\n      retries:\n        attempts: 2\n        perTryTimeout: 2s\n'.replace(
            'attempts: 2',
            'attempts: 0',
          ),
      },
      lintAll: true,
    },
    {
      name: 'a bare number has no unit to compare',
      filename: 'config/calls.yaml',
      code: 'client:\n  timeout: 3\n  retry:\n    attempts: 5\n    per_try_timeout: 2\n',
    },
  ],
  invalid: [
    {
      name: 'stacked: the app retries payments 3 times and Istio 3 times each, and 3 × 2 s outlasts the 1 s app try',
      filename: 'config/clients.yaml',
      code: 'services:\n  payments:\n    url: http://payments.prod.svc.cluster.local:8080\n    timeout_ms: 3000\n    retry:\n      max_attempts: 3\n      per_try_timeout_ms: 1000\n',
      files: {
        'istio/payments-vs.yaml':
          'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: payments\nspec:\n  hosts: [payments]\n  http:\n    - timeout: 10s\n      route:\n        - destination:\n            host: payments.prod.svc.cluster.local\n      retries:\n        attempts: 2\n        perTryTimeout: 2s\n',
      },
      lintAll: true,
      errors: [{ messageId: 'stacked', file: 'config/clients.yaml', line: 5, column: 5, endColumn: 10 }],
    },
    {
      name: 'stacked with an Envoy route retry_policy (num_retries defaults to 1)',
      filename: 'config/payments.yaml',
      code: 'client:\n  name: payments\n  retries:\n    max_retries: 2\n',
      files: {
        'envoy/envoy.yaml':
          'static_resources:\n  listeners:\n    - filter_chains:\n        - filters:\n            - typed_config:\n                route_config:\n                  virtual_hosts:\n                    - name: backend\n                      domains: ["*"]\n                      routes:\n                        - match: { prefix: / }\n                          route:\n                            cluster: payments\n                            retry_policy:\n                              retry_on: 5xx\n',
      },
      lintAll: true,
      errors: [{ messageId: 'stacked', file: 'config/payments.yaml', line: 3, column: 3 }],
    },
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
