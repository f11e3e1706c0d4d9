import { defineRule } from '../rule.js'
import { ruleDocs } from './util.js'

/** Reported by the live checks: a Redis server given in `redis` that does not answer. */
export const REDIS_UNREACHABLE = defineRule({
  meta: {
    id: 'redis/unreachable',
    docs: {
      description: 'A Redis server given for live checks does not answer (the other rules still run).',
      url: ruleDocs('redis/unreachable'),
    },
    messages: {
      unreachable:
        'Redis "{{name}}" at {{url}} did not answer: {{reason}}. Start it before perfgate runs, or fix the url.',
    },
    defaultLevel: 'error',
  },
  create: () => ({}),
})

/** Reported by the live header checks: a URL given in `urls` that does not answer. */
export const URL_UNREACHABLE = defineRule({
  meta: {
    id: 'cache/url-unreachable',
    docs: {
      description: 'A URL given for live header checks does not answer.',
      url: ruleDocs('cache/url-unreachable'),
    },
    messages: {
      unreachable: '{{url}} did not answer ({{reason}}), so its caching headers were not checked.',
    },
    defaultLevel: 'error',
  },
  create: () => ({}),
})
