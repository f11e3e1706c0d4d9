import { defineRule } from '../rule.js'
import { exposedAddresses, hasAuthentication, setting } from './redis-settings.js'
import { listShort, ruleDocs } from './util.js'

/** Redis reachable beyond loopback with protected mode off and no password or ACL: anyone can run anything. */
export const redisExposedNoAuth = defineRule({
  meta: {
    id: 'redis/exposed-no-auth',
    docs: {
      description:
        'Redis bound beyond loopback with protected-mode off and neither requirepass nor ACL users.',
      url: ruleDocs('redis/exposed-no-auth'),
    },
    messages: {
      exposed:
        'Redis accepts clients on {{addresses}} with protected-mode off and no requirepass or ACL user: anyone who reaches the port can read, write and reconfigure it. Set a password or ACL users, or bind 127.0.0.1.',
      protectedOffNoAuth:
        'protected-mode is off and there is no requirepass or ACL user: if the bind address is ever widened, Redis is open to anyone. Keep protected-mode yes or add authentication.',
    },
    defaultLevel: 'error',
  },
  create(ctx) {
    return {
      redis(conf) {
        if (hasAuthentication(conf)) return
        const protectedMode = setting(conf, 'protected-mode')
        if (protectedMode.value.toLowerCase() !== 'no') return
        const exposed = exposedAddresses(conf)
        if (exposed.length > 0)
          ctx.report({
            messageId: 'exposed',
            loc: protectedMode.range,
            data: { addresses: listShort(exposed) },
          })
        else ctx.report({ messageId: 'protectedOffNoAuth', loc: protectedMode.range })
      },
    }
  },
})
