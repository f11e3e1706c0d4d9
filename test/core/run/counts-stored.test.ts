import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../../core/model/types.js'
import { CLI, REPO_ROOT } from '../../helpers/paths.js'
import { commit, isolateGit, makeWorld, sh, type World } from '../baseline/fixtures.js'

// A real server under autocannon, 3 rounds a side against a stored baseline (the README's mode): the
// error rate is a rate, judged in every mode; the timings are not judged and say so once.
const SERVER = `
import { createServer } from 'node:http'
const every = Number(process.env.FAIL_EVERY ?? 0)
let n = 0
createServer((req, res) => {
  n++
  if (every > 0 && n % every === 0) { res.statusCode = 500; res.end('boom'); return }
  res.setHeader('content-type', 'application/json')
  res.end('{"ok":true}')
}).listen(Number(process.env.PORT), '127.0.0.1')
`
const CONFIG = `
import { benchPlugin } from ${JSON.stringify(join(REPO_ROOT, 'dist/plugins/index.js'))}
export default {
  plugins: [benchPlugin({ files: [], http: { command: 'node server.mjs', runs: 3, warmup: 0,
    scenarios: [{ name: 'list', path: '/api/items', connections: 2, duration: 1 }] } })],
  baseline: { store: 'folder', dir: 'baselines' },
}
`

let world: World

function perfgate(failEvery: number, args: string[] = []) {
  const result = spawnSync(process.execPath, [CLI, 'run', ...args], {
    cwd: world.project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', FAIL_EVERY: String(failEvery) },
  })
  const report = JSON.parse(readFileSync(join(world.project, '.perfgate/report.json'), 'utf8')) as RunReport
  const errorRate = report.metrics.find((m) => m.id === 'bench/http/list/error-rate')!
  return { code: result.status, stdout: result.stdout, errorRate }
}

beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(1)
  writeFileSync(join(world.project, 'server.mjs'), SERVER)
  writeFileSync(join(world.project, 'perfgate.config.mjs'), CONFIG)
  writeFileSync(join(world.project, '.gitignore'), '.perfgate/\nbaselines/\n')
  await sh(world.project, ['add', '.'])
  await commit(world.project, 'add a server')
  await sh(world.project, ['push', '-q', 'origin', 'main'])
})
afterAll(() => world.cleanup())

describe('an HTTP error rate against a stored baseline, 3 rounds a side', { timeout: 120_000 }, () => {
  it('0 % → 10 % errors fails as a regression; a stable 0 % passes', async () => {
    expect(perfgate(0, ['--save-baseline']).code).toBe(0)
    await sh(world.project, ['checkout', '-q', '-b', 'feature'])
    await commit(world.project, 'a change')

    const broken = perfgate(10)
    expect(broken.errorRate).toMatchObject({ verdict: 'regressed', baseline: { value: 0 } })
    expect(broken.errorRate.value).toBeGreaterThan(9)
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(
      /✖ +list \(GET \/api\/items\): error rate +0 % +\d+(\.\d+)? % +\+\d+(\.\d+)? pp/,
    )
    expect(broken.stdout.match(/Timings not judged/g)?.length ?? 0).toBeLessThanOrEqual(1)

    const fine = perfgate(0)
    expect(fine.errorRate.verdict).toBe('unchanged')
    expect(fine.code).toBe(0)
  })
})
