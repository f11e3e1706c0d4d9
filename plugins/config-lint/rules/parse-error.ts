import { defineRule } from '../rule.js'
import { ruleDocs } from './util.js'

/** Reported by the engine itself: a file that does not parse gets one finding at the error's position. */
export const PARSE_ERROR = defineRule({
  meta: {
    id: 'config-lint/parse-error',
    docs: {
      description: 'A config file does not parse (the other files are still linted).',
      url: ruleDocs('config-lint/parse-error'),
    },
    messages: { unparsable: 'This {{format}} file does not parse: {{message}}.' },
    defaultLevel: 'error',
  },
  create: () => ({}),
})
