import { z } from 'zod'
import { defineRule } from '../rule.js'
import { parseRedisBytes, setting } from './redis-settings.js'
import { ruleDocs } from './util.js'

const schema = z.strictObject({
  /** What the server is for: a cache may evict, a queue or store must not. */
  role: z.enum(['cache', 'queue', 'store']).default('cache'),
  /** Largest share of the container's memory limit maxmemory may take (fork for RDB/AOF needs the rest). */
  maxShare: z.number().gt(0).max(1).default(0.75),
})

/**
 * A cache without a memory limit, or with `noeviction`, fails writes when memory is full (Redis's defaults);
 * `volatile-*` does the same when keys have no TTL; maxmemory near the container limit gets the server killed.
 */
export const redisMemoryPolicy = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'redis/memory-policy',
    docs: {
      description:
        'A cache has maxmemory and an evicting policy; a queue never evicts; maxmemory fits the container.',
      url: ruleDocs('redis/memory-policy'),
    },
    messages: {
      unbounded:
        'A cache with no memory limit (maxmemory {{value}}): Redis grows until the machine or container runs out of memory. Set maxmemory (≤ {{share}} % of the memory it may use) and an allkeys-* policy.',
      noEviction:
        'maxmemory-policy is noeviction{{note}} on a cache: once maxmemory is reached every write fails with OOM. Use allkeys-lru or allkeys-lfu.',
      volatileWithoutTtl:
        'maxmemory-policy is {{value}} but {{keys}} of the keys have no TTL: volatile-* evicts only keys with a TTL, so writes fail with OOM like noeviction. Use allkeys-lru, or give every key a TTL.',
      evictsData:
        'maxmemory-policy is {{value}} on a {{role}}: Redis deletes data when memory is full. Use noeviction and alert on memory instead.',
      overLimit:
        'maxmemory is {{value}}, {{percent}} % of the {{limit}} the container may use: the fork for persistence and replication buffers need the rest, and the kernel kills Redis. Keep it ≤ {{share}} %.',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    const share = Math.round(ctx.options.maxShare * 100)
    return {
      redis(conf) {
        const maxmemory = setting(conf, 'maxmemory')
        const policy = setting(conf, 'maxmemory-policy')
        const bytes = parseRedisBytes(maxmemory.value)
        if (ctx.options.role === 'cache') {
          if (bytes === 0)
            ctx.report({
              messageId: 'unbounded',
              loc: maxmemory.range,
              data: { value: maxmemory.explicit ? maxmemory.value : 'not set, default 0', share },
            })
          if (policy.value === 'noeviction')
            ctx.report({
              messageId: 'noEviction',
              loc: policy.range,
              data: { note: policy.explicit ? '' : ' (not set: the default)' },
            })
          // Live servers carry their keyspace counts (INFO keyspace) in a pseudo directive.
          const keyspace = conf.get('#keyspace')
          if (policy.value.startsWith('volatile-') && keyspace) {
            const [keys, expires] = keyspace.args.map(Number)
            if (keys > 0 && expires < keys)
              ctx.report({
                messageId: 'volatileWithoutTtl',
                loc: policy.range,
                data: { value: policy.value, keys: `${Math.round(((keys - expires) / keys) * 100)} %` },
              })
          }
        } else if (policy.value !== 'noeviction')
          ctx.report({
            messageId: 'evictsData',
            loc: policy.range,
            data: { value: policy.value, role: ctx.options.role },
          })
        const limit = ctx.facts.memoryLimit
        if (bytes && limit && bytes > limit * ctx.options.maxShare)
          ctx.report({
            messageId: 'overLimit',
            loc: maxmemory.range,
            data: {
              value: maxmemory.value,
              percent: Math.round((bytes / limit) * 100),
              limit: `${Math.round(limit / 1024 ** 2)} MiB`,
              share,
            },
          })
      },
    }
  },
})
