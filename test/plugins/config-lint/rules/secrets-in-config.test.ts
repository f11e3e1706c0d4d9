import { secretsInConfig } from '../../../../plugins/config-lint/rules/secrets-in-config.js'
import { tester } from './tester.js'

tester.run(secretsInConfig, {
  valid: [
    {
      name: 'a webhook from the environment',
      filename: 'config/logging.yaml',
      code: 'slack:\n  webhook_url: ${SLACK_WEBHOOK_URL}\n',
    },
    {
      name: 'GitHub Actions secrets',
      filename: 'config/deploy.yaml',
      code: 'token: ${{ secrets.DEPLOY_TOKEN }}\n',
    },
    {
      name: 'templated values',
      filename: 'config/app.yaml',
      code: 'password: "{{ .Values.db.password }}"\napi_key: <your-api-key>\n',
    },
    {
      name: 'a commented-out example in redis.conf',
      filename: 'redis.conf',
      code: '# requirepass foobared\n',
    },
    { name: 'numbers are not secrets', filename: 'config/llm.yaml', code: 'max_tokens: 4096000\n' },
  ],
  invalid: [
    {
      name: 'the original system: a Slack webhook URL in logging-config.yaml',
      filename: 'config/logging-config.yaml',
      code: 'integrations:\n  slack:\n    enabled: true\n    webhook_url: "https://hooks.slack.com/services/YOUR/SLACK/WEBHOOK"\n',
      errors: [{ messageId: 'secret', line: 4, column: 19, endColumn: 70, severity: 'error' }],
    },
    {
      name: 'a password in YAML',
      filename: 'config/db.yaml',
      code: 'database:\n  password: hunter2hunter2\n',
      errors: [{ messageId: 'secret', line: 2, column: 13 }],
    },
    {
      name: 'requirepass in redis.conf',
      filename: 'redis.conf',
      code: 'requirepass s3cr3t-pass\n',
      errors: [{ messageId: 'secret', line: 1, column: 13 }],
    },
    {
      name: 'a password in a connection URL',
      filename: 'config/app.yaml',
      code: 'redis_url: redis://app:Sup3rSecret@cache.internal:6379/0\n',
      errors: [{ messageId: 'secret', line: 1 }],
    },
    {
      name: 'an AWS key in JSON',
      filename: 'config/aws.json',
      code: '{ "accessKeyId": "AKIAIOSFODNN7EXAMPLE" }\n',
      errors: [{ messageId: 'secret', line: 1, column: 19 }],
    },
    {
      name: 'a secret in an nginx include is found in the included file',
      filename: 'nginx/nginx.conf',
      code: 'http { include conf.d/*.conf; }\n',
      files: {
        'nginx/conf.d/auth.conf':
          'proxy_set_header Authorization "Bearer ghp_0123456789abcdefghijABCDEFGHIJ012345";\n',
      },
      errors: [{ messageId: 'secret', file: 'nginx/conf.d/auth.conf', line: 1 }],
    },
  ],
})

tester.run(secretsInConfig, {
  valid: [
    {
      name: 'names of fields, not values (botocore paginators)',
      filename: 'config/api.json',
      code: '{ "input_token": "NextToken", "output_token": "next_token" }\n',
    },
    {
      name: 'a reference to a secret store',
      filename: 'config/app.yaml',
      code: 'db_password: projects/my-project/secrets/db-password\n',
    },
    { name: 'a template value', filename: 'config/app.yaml', code: "api_key: '{__api_key__}'\n" },
    {
      name: 'a placeholder word in a URL',
      filename: 'config/app.yaml',
      code: 'proxy: http://user:password@proxy.internal:3128\n',
    },
  ],
  invalid: [
    {
      name: 'a command-line flag with a literal password',
      filename: 'config/deploy.yaml',
      code: 'command: create --admin-password=123Abpassdord --async\n',
      errors: [{ messageId: 'secret', line: 1, column: 34 }],
    },
  ],
})
