import { redisMemoryPolicy } from '../../../../plugins/config-lint/rules/redis-memory-policy.js'
import { tester } from './tester.js'

tester.run(redisMemoryPolicy, {
  valid: [
    {
      name: 'a bounded cache that evicts',
      filename: 'redis.conf',
      code: 'maxmemory 256mb\nmaxmemory-policy allkeys-lru\n',
    },
    {
      name: 'a queue that never evicts',
      filename: 'redis.conf',
      code: 'maxmemory 1gb\nmaxmemory-policy noeviction\n',
      options: { role: 'queue' },
    },
    {
      name: 'maxmemory within 75 % of the container',
      filename: 'redis.conf',
      code: 'maxmemory 700mb\nmaxmemory-policy allkeys-lfu\n',
      facts: { memoryLimit: 1024 ** 3 },
    },
    {
      name: 'volatile-lru is not judged without the keyspace',
      filename: 'redis.conf',
      code: 'maxmemory 1gb\nmaxmemory-policy volatile-lru\n',
    },
  ],
  invalid: [
    {
      name: 'Redis defaults on a cache: no limit, noeviction',
      filename: 'redis.conf',
      code: 'port 6379\n',
      errors: [
        { messageId: 'unbounded', line: 1, column: 1 },
        { messageId: 'noEviction', line: 1 },
      ],
    },
    {
      name: 'an explicit maxmemory 0',
      filename: 'redis.conf',
      code: 'maxmemory 0\nmaxmemory-policy allkeys-lru\n',
      errors: [{ messageId: 'unbounded', line: 1, column: 1, endColumn: 12 }],
    },
    {
      name: 'a queue that evicts jobs',
      filename: 'redis.conf',
      code: 'maxmemory 1gb\nmaxmemory-policy allkeys-lru\n',
      options: { role: 'queue' },
      errors: [{ messageId: 'evictsData', line: 2 }],
    },
    {
      name: 'maxmemory above 75 % of the container limit',
      filename: 'redis.conf',
      code: 'maxmemory 900mb\nmaxmemory-policy allkeys-lru\n',
      facts: { memoryLimit: 1024 ** 3 },
      errors: [{ messageId: 'overLimit', line: 1 }],
    },
  ],
})
