import { nginxAddHeaderRedefinition } from '../../../../plugins/config-lint/rules/nginx-add-header-redefinition.js'
import { tester } from './tester.js'

tester.run(nginxAddHeaderRedefinition, {
  valid: [
    {
      name: 'headers only at the server level',
      filename: 'nginx.conf',
      code: 'server {\n  add_header X-Frame-Options DENY;\n  location / { root /srv; }\n}\n',
    },
    {
      name: 'the nested block repeats the parent headers',
      filename: 'nginx.conf',
      code: 'server {\n  add_header X-Frame-Options DENY;\n  location /a/ {\n    add_header X-Frame-Options DENY;\n    add_header Cache-Control no-cache;\n  }\n}\n',
    },
    {
      name: 'a snippet included at both levels',
      filename: 'nginx/nginx.conf',
      code: 'server {\n  include snippets/security.conf;\n  location / {\n    include snippets/security.conf;\n    add_header Cache-Control no-cache;\n  }\n}\n',
      files: {
        'nginx/snippets/security.conf':
          'add_header X-Frame-Options DENY;\nadd_header X-Content-Type-Options nosniff;\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a location drops the server headers (gixy)',
      filename: 'nginx.conf',
      code: 'server {\n  add_header X-Frame-Options DENY;\n  location / {\n    add_header Cache-Control no-cache;\n  }\n}\n',
      errors: [{ messageId: 'dropped', line: 4, column: 5, endLine: 4, endColumn: 39 }],
    },
    {
      name: 'headers from an included snippet count (gixy #114)',
      filename: 'nginx/nginx.conf',
      code: 'http {\n  include snippets/security.conf;\n  server {\n    add_header Cache-Control no-cache;\n  }\n}\n',
      files: { 'nginx/snippets/security.conf': 'add_header Strict-Transport-Security "max-age=63072000";\n' },
      errors: [{ messageId: 'dropped', line: 4 }],
    },
    {
      name: 'the finding points into the included file that redefines',
      filename: 'nginx/nginx.conf',
      code: 'server {\n  add_header X-Frame-Options DENY;\n  location / {\n    include snippets/cache.conf;\n  }\n}\n',
      files: { 'nginx/snippets/cache.conf': '# cache policy\nadd_header Cache-Control no-cache;\n' },
      errors: [{ messageId: 'dropped', file: 'nginx/snippets/cache.conf', line: 2, column: 1 }],
    },
  ],
})
