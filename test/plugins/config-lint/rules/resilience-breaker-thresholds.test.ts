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
      name: 'an Envoy cluster: circuit breakers at their defaults, outlier detection at 100 % with the default panic threshold',
      filename: 'envoy/envoy.yaml',
      code: 'static_resources:\n  clusters:\n    - name: payments\n      connect_timeout: 1s\n      circuit_breakers:\n        thresholds:\n          - priority: DEFAULT\n            max_connections: 1024\n            max_pending_requests: 1024\n            max_requests: 1024\n            max_retries: 3\n      outlier_detection:\n        consecutive_5xx: 5\n        interval: 10s\n        base_ejection_time: 30s\n        max_ejection_percent: 100\n',
    },
    {
      name: 'an Istio DestinationRule with sensible outlier detection; 100 % ejection with a panic threshold',
      filename: 'istio/payments-dr.yaml',
      code: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec:\n  host: payments\n  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: 5\n      interval: 10s\n      baseEjectionTime: 30s\n      maxEjectionPercent: 100\n      minHealthPercent: 50\n',
    },
    {
      name: 'resilience4j defaults to 100 calls',
      filename: 'application.yaml',
      code: 'resilience4j:\n  circuitbreaker:\n    instances:\n      api:\n        failureRateThreshold: 50\n',
    },
  ],
  invalid: [
    {
      name: 'Istio: first error ejects, 1 s ejections, a 5 min sweep, every host ejectable with no panic threshold',
      filename: 'istio/payments-dr.yaml',
      code: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec:\n  host: payments\n  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: 1\n      interval: 5m\n      baseEjectionTime: 1s\n      maxEjectionPercent: 100\n',
      errors: [
        { messageId: 'ejectOnFirstError', line: 7, column: 29, endColumn: 30 },
        { messageId: 'shortEjection', line: 9 },
        { messageId: 'longInterval', line: 8 },
        { messageId: 'ejectAll', line: 10 },
      ],
    },
    {
      name: 'Envoy: consecutive_gateway_failure { value: 1 } and 100 % with the panic threshold off',
      filename: 'envoy/config/cluster.json',
      code: '{\n  "name": "payments",\n  "common_lb_config": { "healthy_panic_threshold": { "value": 0 } },\n  "outlier_detection": {\n    "consecutive_gateway_failure": { "value": 1 },\n    "max_ejection_percent": { "value": 100 }\n  }\n}\n',
      errors: [
        { messageId: 'ejectOnFirstError', line: 5 },
        { messageId: 'ejectAll', line: 6 },
      ],
    },
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
