import { displayPath } from '../files.js'
import type { NginxDirective } from '../parse/nginx.js'
import { defineRule } from '../rule.js'
import { listShort, ruleDocs } from './util.js'

const NESTING = new Set(['http', 'server', 'location', 'if', 'limit_except'])

/**
 * nginx inherits `add_header` from the parent level only when a level has none of its own: one
 * `add_header` in a location silently drops every header the server set (gixy's add_header_redefinition).
 * Headers from `include`d files count, which gixy misses.
 */
export const nginxAddHeaderRedefinition = defineRule({
  meta: {
    id: 'nginx/add-header-redefinition',
    docs: {
      description: 'An add_header in a nested block silently drops the headers of the enclosing blocks.',
      url: ruleDocs('nginx/add-header-redefinition'),
    },
    messages: {
      dropped:
        'This add_header in "{{block}}" drops {{headers}} set at {{parent}}: nginx inherits add_header only into blocks that have none. Repeat them here (or put them in a snippet included at both levels).',
    },
    defaultLevel: 'warn',
  },
  create(ctx) {
    const where = (d: NginxDirective) => `${displayPath(ctx.root, d.range.file)}:${d.range.line}`
    const walk = (block: NginxDirective[], inherited: NginxDirective[], label: string) => {
      const own = block.filter((d) => d.name === 'add_header' && d.args.length >= 2)
      if (own.length > 0 && inherited.length > 0) {
        const names = new Set(own.map((d) => d.args[0].toLowerCase()))
        const dropped = inherited.filter((d) => !names.has(d.args[0].toLowerCase()))
        if (dropped.length > 0)
          ctx.report({
            messageId: 'dropped',
            loc: own[0].range,
            data: {
              block: label,
              headers: listShort(
                dropped.map((d) => d.args[0]),
                5,
              ),
              parent: where(dropped[0]),
            },
          })
      }
      const next = own.length > 0 ? own : inherited
      for (const d of block)
        if (d.block && NESTING.has(d.name)) walk(d.block, next, [d.name, ...d.args].join(' '))
    }
    return {
      nginx(config) {
        walk(config.directives, [], 'main')
      },
    }
  },
})
