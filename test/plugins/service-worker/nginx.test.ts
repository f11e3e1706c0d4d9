import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { serviceWorkerPlugin } from '../../../plugins/service-worker/index.js'
import { nginxCacheHeaders, parseNginx } from '../../../plugins/service-worker/nginx.js'
import { tempDir } from '../../helpers/paths.js'
import { diesWithin } from '../../helpers/process.js'
import { BASE_FILES, workboxWorker, writeFiles } from './helpers.js'

const cleanups: Array<() => void | Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The locations under test; the same text is read statically and served by a real nginx. */
const LOCATIONS = (extra: string) => `
    location / { try_files $uri /index.html; }
${extra}
    location ~* \\.(js|css|webmanifest)$ {
      expires 1y;
      add_header Cache-Control "public";
    }
    location = /index.html { expires epoch; }
`

/** nginx on 127.0.0.1 serving `root` with `locations`, in the foreground, stopped by PID. */
async function startNginx(
  root: string,
  prefix: string,
  locations: string,
): Promise<{ url: string; conf: string }> {
  const port = await freePort()
  mkdirSync(join(prefix, 'tmp'), { recursive: true })
  const conf = join(prefix, 'nginx.conf')
  writeFileSync(
    conf,
    `daemon off;
master_process off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp; proxy_temp_path ${prefix}/tmp; fastcgi_temp_path ${prefix}/tmp;
  uwsgi_temp_path ${prefix}/tmp; scgi_temp_path ${prefix}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${root};
${locations}
  }
}
`,
  )
  const child: ChildProcess = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', conf], { stdio: 'ignore' })
  cleanups.push(async () => {
    if (child.pid) {
      child.kill('SIGKILL')
      await diesWithin(child.pid)
    }
  })
  const url = `http://127.0.0.1:${port}/`
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await fetch(url)
      return { url, conf }
    } catch {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`nginx did not start (${prefix}/error.log)`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** The long-cache findings for the worker and the other targets, as (path, severity) pairs. */
function verdicts(findings: Array<{ ruleId: string; severity: string; message: string }>) {
  return findings
    .filter((f) => f.ruleId === 'service-worker/long-cache-header')
    .map((f) => [f.message.match(/(\/[\w.]*) \(/)?.[1], f.severity])
    .sort()
}

describe('nginx configs: the static reading agrees with what a real nginx sends', () => {
  it.each([
    ['a regex location for scripts catches the worker and the manifest', ''],
    [
      'an exact location for the worker wins over the regex',
      '    location = /sw.js { add_header Cache-Control "no-cache"; }',
    ],
  ])(
    '%s',
    async (_label, extra) => {
      const { dir, cleanup } = tempDir('perfgate-sw-nginx-')
      cleanups.push(cleanup)
      const dist = join(dir, 'dist')
      writeFiles(dist, { ...BASE_FILES, 'sw.js': workboxWorker() })
      const { url, conf } = await startNginx(dist, join(dir, 'nginx'), LOCATIONS(extra))

      const statically = await runPlugin(
        serviceWorkerPlugin({ mode: 'check', api: ['/api/'], serverConfigs: [conf] }),
        {
          cwd: dir,
        },
      )
      const live = await runPlugin(serviceWorkerPlugin({ mode: 'check', api: ['/api/'], url }), { cwd: dir })
      expect(verdicts(statically.findings)).toEqual(verdicts(live.findings))
      const expected = [['/manifest.webmanifest', 'warning']]
      if (!extra) expected.push(['/sw.js', 'error'])
      expect(verdicts(live.findings)).toEqual(expected.sort())
    },
    30_000,
  )
})

describe('reading nginx configs', () => {
  const headersFor = (conf: string, path: string) =>
    nginxCacheHeaders(parseNginx(conf), path).map((list) => list.map((h) => h.value))

  it('expires: time units, max, epoch and off', () => {
    const conf = (value: string) => `server { location / { expires ${value}; } }`
    expect(headersFor(conf('30d'), '/x')).toEqual([['max-age=2592000']])
    expect(headersFor(conf('1h30m'), '/x')).toEqual([['max-age=5400']])
    expect(headersFor(conf('max'), '/x')).toEqual([['max-age=315360000']])
    expect(headersFor(conf('epoch'), '/x')).toEqual([['no-cache']])
    expect(headersFor(conf('-1'), '/x')).toEqual([['no-cache']])
    expect(headersFor(conf('off'), '/x')).toEqual([[]])
  })

  it('location choice: exact, then the longest prefix, `^~` before regexes, regexes in order', () => {
    const conf = `server {
      location /assets/ { expires 1d; }
      location ^~ /static/ { expires 2d; }
      location ~* \\.js$ { expires 3d; }
      location ~ \\.JS$ { expires 4d; }
      location = /sw.js { expires epoch; }
    }`
    expect(headersFor(conf, '/sw.js')).toEqual([['no-cache']])
    expect(headersFor(conf, '/assets/a.js')).toEqual([['max-age=259200']])
    expect(headersFor(conf, '/static/a.js')).toEqual([['max-age=172800']])
    expect(headersFor(conf, '/assets/a.png')).toEqual([['max-age=86400']])
  })

  it('add_header is inherited only into levels without one; expires on its own; nested locations', () => {
    const conf = `# comment; with a semicolon
    http {
      add_header Cache-Control "public, max-age=600";
      server {
        location / {
          location /nested/ { add_header X-Frame-Options "DENY"; }
        }
      }
      server { expires 1y; location /a/ { add_header Cache-Control 'no-cache; really'; } }
    }`
    expect(headersFor(conf, '/page')).toEqual([
      ['public, max-age=600'],
      ['public, max-age=600', 'max-age=31536000'],
    ])
    expect(headersFor(conf, '/nested/x')[0]).toEqual([])
    expect(headersFor(conf, '/a/x')[1]).toEqual(['no-cache; really', 'max-age=31536000'])
  })
})
