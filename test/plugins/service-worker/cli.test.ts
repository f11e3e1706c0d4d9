import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../../core/model/types.js'
import { CLI, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { copyApp } from './helpers.js'

const cleanups: Array<() => void> = []
afterAll(() => {
  for (const c of cleanups.splice(0)) c()
})

function sh(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: 'true',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  })
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

describe('perfgate run with the service-worker plugin and a git baseline', () => {
  it('a pull request gets the update cost against the base branch’s manifest, budgeted', () => {
    const app = copyApp('service-worker-app')
    cleanups.push(app.cleanup)
    const origin = tempDir('perfgate-sw-origin-')
    cleanups.push(origin.cleanup)
    const dist = (path: string) => JSON.stringify(join(REPO_ROOT, 'dist/plugins/service-worker', path))
    writeFileSync(
      join(app.dir, 'vite.config.mjs'),
      `import { serviceWorker } from ${dist('vite.js')}\nexport default { plugins: [serviceWorker({ api: ['/api/'] })] }\n`,
    )
    writeFileSync(
      join(app.dir, 'perfgate.config.mjs'),
      `import { serviceWorkerPlugin } from ${dist('index.js')}\nexport default { plugins: [serviceWorkerPlugin({ mode: 'check', api: ['/api/'] })], budgets: { 'service-worker/update-cost': { max: 10000 } } }\n`,
    )
    writeFileSync(join(app.dir, '.gitignore'), 'node_modules\ndist\n.perfgate\n')
    const vite = [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']
    const steps: Array<[string, string[]]> = [
      ['git', ['init', '-q', '--bare', origin.dir]],
      ['git', ['init', '-q', '-b', 'main']],
      ['git', ['remote', 'add', 'origin', origin.dir]],
      ['git', ['add', '-A']],
      ['git', ['commit', '-qm', 'base']],
      ['git', ['push', '-q', 'origin', 'main']],
      [process.execPath, vite],
      [process.execPath, [CLI, 'run', '--save-baseline']],
      ['git', ['checkout', '-q', '-b', 'change']],
    ]
    for (const [command, args] of steps)
      expect(sh(app.dir, command, args).code, `${command} ${args.join(' ')}`).toBe(0)
    const message = join(app.dir, 'src/message.js')
    writeFileSync(message, readFileSync(message, 'utf8').replace('Version one', 'Version two'))
    expect(sh(app.dir, 'git', ['commit', '-qam', 'change']).code).toBe(0)
    expect(sh(app.dir, process.execPath, vite).code).toBe(0)

    const run = sh(app.dir, process.execPath, [CLI, 'run', '--base', 'main'])
    const report = JSON.parse(readFileSync(join(app.dir, '.perfgate/report.json'), 'utf8')) as RunReport
    const cost = report.metrics.find((m) => m.id === 'service-worker/update-cost')
    // The worker, its runtime, index.html and the changed chunk: well over the 10 kB budget.
    expect(cost).toMatchObject({ role: 'change-cost', budget: { max: 10000, status: 'exceeded' } })
    expect(cost?.value).toBeGreaterThan(20_000)
    expect(cost?.baseline).toBeUndefined()
    expect(report.metrics.find((m) => m.id === 'service-worker/update-cost/entries')?.value).toBe(2)
    expect(run.code).toBe(1)
    // The reviewer's view: the change cost and its broken budget, by title.
    expect(run.out).toMatch(/Over budget \(1\)/)
    expect(run.out).toMatch(/downloads after this change|update cost/i)
  }, 120_000)
})
