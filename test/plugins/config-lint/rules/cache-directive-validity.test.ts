import { cacheDirectiveValidity } from '../../../../plugins/config-lint/rules/cache-directive-validity.js'
import { tester } from './tester.js'

const headers = (value: string) => `/*\n  Cache-Control: ${value}\n`

tester.run(cacheDirectiveValidity, {
  valid: [
    {
      name: 'RFC 9111 and RFC 8246 directives',
      filename: '_headers',
      code: headers('public, max-age=31536000, immutable'),
    },
    {
      name: 'stale-while-revalidate',
      filename: '_headers',
      code: headers('max-age=60, stale-while-revalidate=600'),
    },
    {
      name: 'no-cache with max-age=0 is common and harmless',
      filename: '_headers',
      code: headers('no-cache, max-age=0'),
    },
    {
      name: 'nginx variables are decided at run time',
      filename: 'nginx.conf',
      code: 'server { add_header Cache-Control $cc; }\n',
    },
  ],
  invalid: [
    {
      name: 'a typo',
      filename: '_headers',
      code: headers('public, max-age=600, imutable'),
      errors: [{ messageId: 'unknown', line: 2, column: 18 }],
    },
    {
      name: 'a unit in max-age',
      filename: '_headers',
      code: headers('max-age=1h'),
      errors: [{ messageId: 'badValue' }],
    },
    {
      name: 'a value on public',
      filename: '_headers',
      code: headers('public=yes'),
      errors: [{ messageId: 'unexpectedValue' }],
    },
    {
      name: 'no-store with max-age',
      filename: '_headers',
      code: headers('no-store, max-age=600'),
      errors: [{ messageId: 'noStoreWithMaxAge' }],
    },
    {
      name: 'no-cache with a max-age',
      filename: '_headers',
      code: headers('no-cache, max-age=600'),
      errors: [{ messageId: 'noCacheWithMaxAge' }],
    },
    {
      name: 'public and private',
      filename: '_headers',
      code: headers('public, private'),
      errors: [{ messageId: 'publicPrivate' }],
    },
    {
      name: 'a duplicate',
      filename: '_headers',
      code: headers('max-age=60, max-age=600'),
      errors: [{ messageId: 'duplicate' }],
    },
    {
      name: 'nginx: every declared value is checked, in every block',
      filename: 'nginx.conf',
      code: 'http {\n  server {\n    location / {\n      add_header Cache-Control "no-store, max-age=0";\n    }\n  }\n}\n',
      errors: [{ messageId: 'noStoreWithMaxAge', line: 4, column: 32 }],
    },
  ],
})
