import { redisUnsafeCommands } from '../../../../plugins/config-lint/rules/redis-unsafe-commands.js'
import { tester } from './tester.js'

tester.run(redisUnsafeCommands, {
  valid: [
    { name: 'Redis 7 defaults', filename: 'redis.conf', code: 'port 6379\n' },
    { name: 'debug for loopback clients only', filename: 'redis.conf', code: 'enable-debug-command local\n' },
    { name: 'commented-out rename-command', filename: 'redis.conf', code: '# rename-command CONFIG ""\n' },
  ],
  invalid: [
    {
      name: 'DEBUG for everyone',
      filename: 'redis.conf',
      code: 'enable-debug-command yes\n',
      errors: [{ messageId: 'enabled', line: 1, column: 1 }],
    },
    {
      name: 'MODULE and protected configs',
      filename: 'redis.conf',
      code: 'enable-module-command yes\nenable-protected-configs yes\n',
      errors: [
        { messageId: 'enabled', line: 1 },
        { messageId: 'enabled', line: 2 },
      ],
    },
    {
      name: 'rename-command instead of ACLs',
      filename: 'redis.conf',
      code: 'rename-command FLUSHALL ""\nrename-command CONFIG "b840fc02d524045429941cc15f59e41cb7be6c52"\n',
      errors: [
        { messageId: 'renameCommand', line: 1 },
        { messageId: 'renameCommand', line: 2 },
      ],
    },
  ],
})
