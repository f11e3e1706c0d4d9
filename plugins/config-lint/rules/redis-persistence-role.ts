import { z } from 'zod'
import { defineRule } from '../rule.js'
import { setting } from './redis-settings.js'
import { ruleDocs } from './util.js'

const schema = z.strictObject({
  /** What the server is for (as redis/memory-policy; a live server's own role wins). */
  role: z.enum(['cache', 'queue', 'store']).default('cache'),
})

/**
 * Persistence that contradicts the role: a queue or store that loses writes on restart, or a cache paying
 * for an append-only file it never needs.
 */
export const redisPersistenceRole = defineRule<z.output<typeof schema>>({
  meta: {
    id: 'redis/persistence-role',
    docs: {
      description: 'Persistence settings that contradict the declared role (cache or queue/store).',
      url: ruleDocs('redis/persistence-role'),
    },
    messages: {
      noPersistence:
        'A {{role}} with appendonly no and no save points: a restart loses every job. Turn on appendonly yes (appendfsync everysec).',
      snapshotsOnly:
        'A {{role}} persisted by RDB snapshots only (appendonly no): a crash loses every write since the last snapshot, minutes of jobs. Turn on appendonly yes.',
      cacheAof:
        'A cache with appendonly yes: every write is also written to disk (and fsynced) for data that can be rebuilt, and restarts replay the whole file. Turn it off, or declare the role as store.',
    },
    schema,
    defaultOptions: schema.parse({}),
    defaultLevel: 'warn',
  },
  create(ctx) {
    return {
      redis(conf) {
        const aof = setting(conf, 'appendonly')
        const saves = conf.all('save')
        // Redis 7 snapshots by default (save 3600 1 300 100 60 10000); `save ""` turns it off.
        const snapshots =
          saves.length === 0 ? true : !saves.every((s) => s.args.length === 0 || s.args[0] === '')
        const role = ctx.options.role
        if (role === 'cache') {
          if (aof.value === 'yes') ctx.report({ messageId: 'cacheAof', loc: aof.range })
          return
        }
        if (aof.value === 'yes') return
        const loc = aof.explicit ? aof.range : (saves.at(-1)?.range ?? aof.range)
        ctx.report({ messageId: snapshots ? 'snapshotsOnly' : 'noPersistence', loc, data: { role } })
      },
    }
  },
})
