import { cpSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { configLintPlugin } from '../../../plugins/config-lint/index.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

const brief = (findings: { file?: string; line?: number; ruleId: string; severity: string }[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`).sort()

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('the configs Debian installs (read from the installed files)', () => {
  it("redis-server's /etc/redis/redis.conf: a cache without a memory limit", async () => {
    expect(existsSync('/etc/redis/redis.conf')).toBe(true)
    const run = await runPlugin(configLintPlugin(), { cwd: '/etc/redis' })
    expect(run.result.status).toBe('ok')
    // bind 127.0.0.1 -::1, protected-mode yes: not exposed; no maxmemory, noeviction: the two memory findings.
    expect(brief(run.findings)).toEqual([
      'redis.conf:1 warning redis/memory-policy',
      'redis.conf:1 warning redis/memory-policy',
    ])
    expect(run.findings.map((f) => f.message).join('\n')).toContain(
      'no memory limit (maxmemory not set, default 0)',
    )
    // As a queue (noeviction is right there), nothing fires.
    const queue = await runPlugin(
      configLintPlugin({ rules: { 'redis/memory-policy': ['warn', { role: 'queue' }] } }),
      { cwd: '/etc/redis' },
    )
    expect(queue.findings).toEqual([])
  })

  it("nginx's /etc/nginx tree, includes followed: clean, and the same through `nginx -T`", async () => {
    const run = await runPlugin(configLintPlugin(), { cwd: '/etc/nginx' })
    expect(run.result.status).toBe('ok')
    expect(run.findings).toEqual([])
    // The same tree as one `nginx -T` dump in a repository gives the same (no) findings and no parse errors;
    // an add_header added to the dumped default site shows positions map back into the dump.
    const { dir, cleanup } = tempDir('perfgate-dump-')
    cleanups.push(cleanup)
    const dump = await runProcess('nginx', ['-T'])
    expect(dump.code).toBe(0)
    const patched = dump.stdout.replace(
      /(\n\s*location \/ \{\n)/,
      '$1\t\tadd_header Cache-Control "public, max-age=86400";\n',
    )
    expect(patched).not.toBe(dump.stdout)
    writeFileSync(join(dir, 'nginx-T.txt'), patched)
    const dumped = await runPlugin(configLintPlugin(), { cwd: dir })
    const html = dumped.findings.filter((f) => f.ruleId === 'cache/html-short-ttl')
    expect(html).toHaveLength(1)
    const line = patched.split('\n').findIndex((l) => l.includes('max-age=86400')) + 1
    expect(html[0]).toMatchObject({ file: 'nginx-T.txt', line })
  })
})

describe("the original system's configs (examples/original-system)", () => {
  it('produce the findings its README lists', async () => {
    const { dir, cleanup } = tempDir('perfgate-original-')
    cleanups.push(cleanup)
    cpSync(join(REPO_ROOT, 'examples/original-system'), dir, { recursive: true })
    writeFileSync(join(dir, '.git'), 'gitdir: elsewhere\n')
    const run = await runPlugin(configLintPlugin(), { cwd: dir })
    expect(brief(run.findings)).toEqual(
      [
        'config/communication-config.yaml:2 warning resilience/missing-timeout',
        'config/communication-config.yaml:6 warning resilience/breaker-thresholds',
        'config/logging-config.yaml:27 error secrets/in-config',
        'config/logging-config.yaml:8 warning log/retention',
        'config/logging-config.yaml:15 warning log/alert-rules',
        'config/monitoring-config.yaml:7 warning resilience/missing-timeout',
        'config/redis.conf:1 warning redis/memory-policy',
        'config/redis.conf:1 warning redis/memory-policy',
        'config/redis.conf:6 error redis/exposed-no-auth',
      ].sort(),
    )
  })
})
