import { redisPersistenceRole } from '../../../../plugins/config-lint/rules/redis-persistence-role.js'
import { tester } from './tester.js'

tester.run(redisPersistenceRole, {
  valid: [
    { name: 'a cache with default snapshots', filename: 'redis.conf', code: 'maxmemory 1gb\n' },
    { name: 'a cache without persistence', filename: 'redis.conf', code: 'save ""\nappendonly no\n' },
    {
      name: 'a queue with AOF',
      filename: 'redis.conf',
      code: 'appendonly yes\nappendfsync everysec\n',
      options: { role: 'queue' },
    },
  ],
  invalid: [
    {
      name: 'a cache writing an AOF',
      filename: 'redis.conf',
      code: 'appendonly yes\n',
      errors: [{ messageId: 'cacheAof', line: 1, column: 1 }],
    },
    {
      name: 'a queue with snapshots only (Redis defaults)',
      filename: 'redis.conf',
      code: 'port 6379\n',
      options: { role: 'queue' },
      errors: [{ messageId: 'snapshotsOnly', line: 1 }],
    },
    {
      name: 'a store with nothing on disk',
      filename: 'redis.conf',
      code: 'save ""\nappendonly no\n',
      options: { role: 'store' },
      errors: [{ messageId: 'noPersistence', line: 2 }],
    },
  ],
})
