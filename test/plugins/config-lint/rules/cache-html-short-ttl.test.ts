import { cacheHtmlShortTtl } from '../../../../plugins/config-lint/rules/cache-html-short-ttl.js'
import { tester } from './tester.js'

const server = (body: string) => `http {\n  server {\n    listen 80;\n    root /srv/app;\n${body}\n  }\n}\n`

tester.run(cacheHtmlShortTtl, {
  valid: [
    {
      name: 'nginx: no-cache on HTML, a year on assets (vite-plugin-pwa guide)',
      filename: 'nginx.conf',
      code: server(
        '    location / { add_header Cache-Control "no-cache"; }\n    location /assets/ { expires 1y; add_header Cache-Control "public, immutable"; }',
      ),
    },
    {
      name: 'nginx: max-age at the limit',
      filename: 'nginx.conf',
      code: server('    location / { add_header Cache-Control "max-age=180"; }'),
    },
    {
      name: 'nginx: expires -1 is no-cache',
      filename: 'nginx.conf',
      code: server('    location / { expires -1; }'),
    },
    {
      name: "nginx: proxied paths are the upstream's business",
      filename: 'nginx.conf',
      code: server(
        '    location / { proxy_pass http://127.0.0.1:3000; add_header Cache-Control "max-age=86400"; }',
      ),
    },
    {
      name: '_headers: a catch-all no-cache and long-lived assets',
      filename: '_headers',
      code: '/*\n  Cache-Control: no-cache\n/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n',
    },
    {
      name: 'maxAge option raises the limit',
      filename: '_headers',
      code: '/*\n  Cache-Control: max-age=600\n',
      options: { maxAge: 600 },
    },
  ],
  invalid: [
    {
      name: 'nginx: an hour on HTML',
      filename: 'nginx.conf',
      code: server('    location / {\n      add_header Cache-Control "public, max-age=3600";\n    }'),
      errors: [{ messageId: 'tooLong', line: 6, column: 32, endLine: 6, endColumn: 54 }],
    },
    {
      name: 'nginx: a catch-all regex makes the service worker immutable',
      filename: 'nginx.conf',
      code: server(
        '    location ~* \\.(js|css)$ { expires 1y; add_header Cache-Control "public, immutable"; }',
      ),
      errors: [{ messageId: 'immutable', line: 5 }],
    },
    {
      name: '_headers: the manifest inherits /* with a day',
      filename: '_headers',
      code: '/*\n  Cache-Control: public, max-age=86400\n',
      errors: [{ messageId: 'tooLong', line: 2, column: 18 }],
    },
    {
      name: 'netlify.toml: public without a lifetime is heuristic',
      filename: 'netlify.toml',
      code: '[[headers]]\n  for = "/*"\n  [headers.values]\n    Cache-Control = "public"\n',
      errors: [{ messageId: 'heuristic', line: 4 }],
    },
    {
      name: 'vercel.json: the last matching rule wins',
      filename: 'vercel.json',
      code: JSON.stringify(
        { headers: [{ source: '/(.*)', headers: [{ key: 'Cache-Control', value: 'max-age=31536000' }] }] },
        null,
        2,
      ),
      errors: [{ messageId: 'tooLong', line: 8, column: 20 }],
    },
    {
      name: 'built folder: index.html served without Cache-Control',
      filename: 'nginx.conf',
      code: server('    location / { try_files $uri /index.html; }'),
      builtFiles: ['/index.html', '/assets/index-BQ3x7a9f.js'],
      errors: [{ messageId: 'missing', line: 5 }],
    },
  ],
})
