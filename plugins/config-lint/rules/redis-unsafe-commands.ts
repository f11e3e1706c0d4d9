import { defineRule } from '../rule.js'
import { setting } from './redis-settings.js'
import { ruleDocs } from './util.js'

/** Commands Redis 7 keeps off by default, and `rename-command`, which ACLs replace. */
export const redisUnsafeCommands = defineRule({
  meta: {
    id: 'redis/unsafe-commands',
    docs: {
      description: 'DEBUG, MODULE and protected CONFIG enabled; rename-command used instead of ACLs.',
      url: ruleDocs('redis/unsafe-commands'),
    },
    messages: {
      enabled:
        '{{name}} is "{{value}}": any client can run {{what}}. Leave it "no" (Redis 7\'s default), or "local" for loopback clients only.',
      renameCommand:
        'rename-command {{command}}: renaming hides a command but breaks AOF replay and replicas that use its name. Deny it with an ACL instead (user … -{{lower}}).',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    const what: Record<string, string> = {
      'enable-debug-command': 'DEBUG (crash, sleep, reload the server)',
      'enable-module-command': 'MODULE LOAD (native code in the server)',
      'enable-protected-configs': 'CONFIG SET on dir and dbfilename (write files anywhere)',
    }
    return {
      redis(conf) {
        for (const name of Object.keys(what)) {
          const s = setting(conf, name)
          if (s.value.toLowerCase() === 'yes')
            ctx.report({
              messageId: 'enabled',
              loc: s.range,
              data: { name, value: s.value, what: what[name] },
            })
        }
        for (const d of conf.all('rename-command'))
          ctx.report({
            messageId: 'renameCommand',
            loc: d.range,
            data: { command: d.args[0] ?? '', lower: (d.args[0] ?? '').toLowerCase() },
          })
      },
    }
  },
})
