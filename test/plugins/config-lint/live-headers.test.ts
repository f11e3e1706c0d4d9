import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { freePort } from '../../../core/toolkit/index.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { fixture, tempDir } from '../../helpers/paths.js'
import { type RunningNginx, startNginx } from './nginx-server.js'

// The built-site fixture's nginx.conf, served by a real nginx on 127.0.0.1: the live headers must give
// the same verdicts as linting the file.
let port = 0
let base = ''
const { dir, cleanup } = tempDir('perfgate-live-headers-')
let nginx: RunningNginx | undefined

beforeAll(async () => {
  port = await freePort()
  cpSync(fixture('config-lint-built-site/public'), join(dir, 'site'), { recursive: true })
  const conf = readFileSync(fixture('config-lint-built-site/nginx.conf'), 'utf8')
    .replace('listen 127.0.0.1:8080;', `listen 127.0.0.1:${port};`)
    .replace('root /srv/site;', `root ${dir}/site;`)
    .replace('events {}', `pid ${dir}/nginx.pid;\nevents {}`)
    .replace('http {', 'http {\n  access_log off;\n  include /etc/nginx/mime.types;')
  writeFileSync(join(dir, 'nginx.conf'), conf)
  base = `http://127.0.0.1:${port}`
  nginx = await startNginx(dir, `${base}/`)
}, 20_000)

afterAll(async () => {
  await nginx?.stop()
  cleanup()
})

const none = { nginx: [], redis: [], headers: [], data: [] }

describe('live header checks (urls)', () => {
  it('judges what a real nginx sends, as the config linting does', async () => {
    const urls = ['/', '/about', '/sw.js', '/assets/index-BQ3x7a9f.js', '/logo.svg'].map((p) => `${base}${p}`)
    const run = await runPlugin(configLintPlugin({ urls, files: none }), { cwd: dir })
    const byUrl = (path: string) =>
      run.findings
        .filter((f) => f.message.startsWith(`${base}${path}: `))
        .map((f) => f.ruleId)
        .sort()
    // `/` and the SPA fallback `/about` are HTML with max-age=3600.
    expect(byUrl('/')).toEqual(['cache/html-short-ttl'])
    expect(run.findings.find((f) => f.message.startsWith(`${base}/about: `))?.message).toContain(
      '(HTML) is cached for 1 h',
    )
    expect(byUrl('/sw.js')).toEqual(['cache/html-short-ttl'])
    expect(byUrl('/assets/index-BQ3x7a9f.js')).toEqual(['cache/hashed-immutable'])
    expect(byUrl('/logo.svg')).toEqual(['cache/hashed-immutable'])
    expect(run.findings.find((f) => f.message.startsWith(`${base}/logo.svg: `))?.severity).toBe('error')
    for (const f of run.findings) expect(f.file).toBeUndefined()
  })

  it('a URL that does not answer is one finding', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/`
    const run = await runPlugin(configLintPlugin({ urls: [dead], files: none }), { cwd: dir })
    expect(run.findings.map((f) => f.ruleId)).toEqual(['cache/url-unreachable'])
    expect(run.findings[0].message).toContain(`${dead} did not answer`)
  })
})
