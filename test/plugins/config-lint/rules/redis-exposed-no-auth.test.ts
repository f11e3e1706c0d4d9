import { redisExposedNoAuth } from '../../../../plugins/config-lint/rules/redis-exposed-no-auth.js'
import { tester } from './tester.js'

tester.run(redisExposedNoAuth, {
  valid: [
    {
      name: 'Debian-style: loopback bind, protected mode',
      filename: 'redis.conf',
      code: 'bind 127.0.0.1 -::1\nprotected-mode yes\n',
    },
    { name: 'protected mode left at its default', filename: 'redis.conf', code: 'bind 0.0.0.0\n' },
    {
      name: 'exposed with a password',
      filename: 'redis.conf',
      code: 'bind 0.0.0.0\nprotected-mode no\nrequirepass ${REDIS_PASSWORD}\n',
    },
    {
      name: 'exposed with ACL users',
      filename: 'redis.conf',
      code: 'bind 0.0.0.0\nprotected-mode no\nuser default off\nuser app on >s3cret ~* +@read\n',
    },
    {
      name: 'a commented-out bind is not a bind',
      filename: 'redis.conf',
      code: '# bind 0.0.0.0\nbind 127.0.0.1\n# protected-mode no\n',
    },
  ],
  invalid: [
    {
      name: 'the official Docker image: every interface, protected mode off',
      filename: 'redis.conf',
      code: 'bind * -::*\nprotected-mode no\n',
      errors: [{ messageId: 'exposed', line: 2, column: 1, endLine: 2, endColumn: 18, severity: 'error' }],
    },
    {
      name: 'no bind at all listens everywhere',
      filename: 'redis.conf',
      code: 'port 6379\nprotected-mode no\n',
      errors: [{ messageId: 'exposed', line: 2 }],
    },
    {
      name: 'an empty requirepass is no password',
      filename: 'redis.conf',
      code: 'bind 10.0.0.5\nprotected-mode no\nrequirepass ""\n',
      errors: [{ messageId: 'exposed' }],
    },
    {
      name: 'loopback only, but nothing protects it if bind changes',
      filename: 'redis.conf',
      code: '# bind 0.0.0.0\nbind 127.0.0.1\nprotected-mode no\n',
      errors: [{ messageId: 'protectedOffNoAuth', line: 3 }],
    },
  ],
})
