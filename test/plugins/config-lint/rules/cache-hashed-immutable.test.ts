import { cacheHashedImmutable } from '../../../../plugins/config-lint/rules/cache-hashed-immutable.js'
import { tester } from './tester.js'

const server = (body: string) => `http {\n  server {\n    listen 80;\n${body}\n  }\n}\n`

tester.run(cacheHashedImmutable, {
  valid: [
    {
      name: 'nginx: hashed assets for a year, immutable',
      filename: 'nginx.conf',
      code: server('    location /assets/ { expires 1y; add_header Cache-Control "public, immutable"; }'),
    },
    {
      name: 'no caching rule at all: nothing to say without a built folder',
      filename: 'nginx.conf',
      code: server('    location / { try_files $uri =404; }'),
    },
    {
      name: 'built folder: immutable only where files are hashed',
      filename: '_headers',
      code: '/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n/*\n  X-Frame-Options: DENY\n',
      builtFiles: ['/index.html', '/assets/index-BQ3x7a9f.js', '/favicon.ico'],
    },
  ],
  invalid: [
    {
      name: 'nginx: a week on hashed files',
      filename: 'nginx.conf',
      code: server('    location /assets/ {\n      expires 7d;\n    }'),
      errors: [{ messageId: 'short', line: 5, column: 7, severity: 'warning' }],
    },
    {
      name: 'nginx: a year without immutable',
      filename: 'nginx.conf',
      code: server('    location /assets/ { expires max; }'),
      errors: [{ messageId: 'notImmutable', line: 4 }],
    },
    {
      name: 'nginx: immutable on every image, hashed or not (an error)',
      filename: 'nginx.conf',
      code: server(
        '    location ~* \\.(png|ico|txt)$ { add_header Cache-Control "public, max-age=31536000, immutable"; }',
      ),
      errors: [{ messageId: 'immutableUnhashed', line: 4, severity: 'error' }],
    },
    {
      name: '_headers: hashed files revalidated on every use',
      filename: '_headers',
      code: '/assets/*\n  Cache-Control: no-cache\n',
      errors: [{ messageId: 'revalidated', line: 2 }],
    },
    {
      name: 'built folder: each real file is mapped to its rule',
      filename: 'nginx.conf',
      code: server('    location / { try_files $uri =404; }'),
      builtFiles: ['/index.html', '/assets/index-BQ3x7a9f.js', '/assets/vendor-Dk2Lm9xQ.js'],
      errors: [{ messageId: 'missing', line: 4 }],
    },
  ],
})
