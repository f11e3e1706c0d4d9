import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../core/toolkit/index.js'
import { nginxPolicies } from '../../../plugins/config-lint/cache/nginx-policy.js'
import { parseNginxTree } from '../../../plugins/config-lint/parse/nginx.js'
import { tempDir } from '../../helpers/paths.js'
import { type RunningNginx, startNginx } from './nginx-server.js'

// Which location serves a path, and the Cache-Control it sends, checked against a real nginx.
const { dir, cleanup } = tempDir('perfgate-nginx-policy-')
let nginx: RunningNginx | undefined
let port = 0

const PATHS = [
  '/index.html',
  '/a.css',
  '/a.js',
  '/static/x.js',
  '/exact.js',
  '/assets/x.map',
  '/assets/x.js',
  '/assets/x.txt',
  '/img/x.png',
]

beforeAll(async () => {
  port = await freePort()
  for (const path of PATHS) {
    mkdirSync(dirname(join(dir, 'site', path)), { recursive: true })
    writeFileSync(join(dir, 'site', path), 'x')
  }
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;
events {}
http {
  access_log off;
  add_header Cache-Control "max-age=9";
  server {
    listen 127.0.0.1:${port};
    root ${dir}/site;
    location / {
      add_header Cache-Control "max-age=1";
      location ~ \\.css$ { add_header Cache-Control "max-age=2"; }
    }
    location ~* \\.(js|css)$ { add_header Cache-Control "max-age=3"; }
    location ^~ /static/ { add_header Cache-Control "max-age=4"; }
    location = /exact.js { add_header Cache-Control "max-age=5"; }
    location /assets/ {
      add_header Cache-Control "max-age=6";
      location ~ \\.map$ { add_header Cache-Control "max-age=7"; }
    }
    location ~ ^/assets/.*\\.js$ { expires 1h; }
    location /img/ { }
  }
}
`,
  )
  nginx = await startNginx(dir, `http://127.0.0.1:${port}/index.html`)
}, 20_000)

afterAll(async () => {
  await nginx?.stop()
  cleanup()
})

describe('nginx location selection and add_header/expires inheritance', () => {
  it('gives each path the Cache-Control a real nginx sends', async () => {
    const [policy] = nginxPolicies(parseNginxTree(join(dir, 'nginx.conf')))
    for (const path of PATHS) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`)
      await response.body?.cancel()
      expect(response.status, path).toBe(200)
      expect(policy.resolve(path)?.value, path).toBe(response.headers.get('cache-control') ?? undefined)
    }
    // The cases the order matters for:
    expect(policy.resolve('/a.css')?.value).toBe('max-age=2') // a nested regex beats the outer one
    expect(policy.resolve('/assets/x.js')?.value).toBe('max-age=3') // the first regex in file order beats the prefix
    expect(policy.resolve('/img/x.png')?.value).toBe('max-age=9') // inherited from http
  })
})
