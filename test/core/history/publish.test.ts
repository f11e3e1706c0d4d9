import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishPages } from '../../../core/history/publish.js'
import { PerfgateError } from '../../../core/model/errors.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { gitConfig, isolateGit, makeWorld, sh, type World, writeRawFile } from '../baseline/fixtures.js'

let world: World
beforeAll(async () => {
  await isolateGit()
  world = await makeWorld(2)
}, 60_000)
afterAll(async () => {
  await world?.cleanup()
})

const ON_GITHUB = { GITHUB_REPOSITORY: 'Octo/app', GITHUB_SERVER_URL: 'https://github.com' }
const show = (path: string) => sh(world.origin, ['show', `gh-pages:${path}`])

describe('publishPages: the history dashboard on a pages branch', { timeout: 60_000 }, () => {
  it('commits <dir>/index.html on top of the branch, keeps its other files, and leaves the work tree alone', async () => {
    await writeRawFile(world.origin, 'gh-pages', 'index.html', '<h1>the project site</h1>')
    const head = await sh(world.project, ['rev-parse', 'HEAD'])
    const published = await publishPages(gitConfig(world.project), {
      branch: 'gh-pages',
      html: '<html>dashboard 1</html>',
      logger: createMemoryLogger(),
      env: ON_GITHUB,
    })
    expect(published).toMatchObject({
      path: 'perfgate/index.html',
      changed: true,
      url: 'https://octo.github.io/app/perfgate/',
    })
    expect(await show('perfgate/index.html')).toBe('<html>dashboard 1</html>')
    expect(await show('index.html')).toBe('<h1>the project site</h1>')
    expect(await sh(world.origin, ['rev-parse', 'gh-pages'])).toBe(published.commit)
    expect(await sh(world.project, ['rev-parse', 'HEAD'])).toBe(head)
    expect(await sh(world.project, ['status', '--porcelain'])).toBe('')
    expect(await sh(world.project, ['branch', '--list'])).not.toContain('gh-pages')

    // The same page again: nothing to push.
    const again = await publishPages(gitConfig(world.project), {
      branch: 'gh-pages',
      html: '<html>dashboard 1</html>',
      logger: createMemoryLogger(),
      env: ON_GITHUB,
    })
    expect(again).toMatchObject({ changed: false, commit: published.commit })
  })

  it('jobs publishing at once both land: a rejected push is rebuilt on the new tip', async () => {
    const jobs = ['web', 'admin', 'docs'].map((dir) =>
      publishPages(gitConfig(world.project), {
        branch: 'gh-pages',
        dir: `perf/${dir}`,
        html: `<html>${dir}</html>`,
        logger: createMemoryLogger('debug'),
        env: {},
      }),
    )
    const results = await Promise.all(jobs)
    expect(results.every((r) => r.changed && r.url === null)).toBe(true)
    for (const dir of ['web', 'admin', 'docs'])
      expect(await show(`perf/${dir}/index.html`)).toBe(`<html>${dir}</html>`)
    expect(await show('perfgate/index.html')).toBe('<html>dashboard 1</html>')
  })

  it('a user site (<owner>.github.io) is served from its root; `.` publishes to the branch root', async () => {
    const published = await publishPages(gitConfig(world.project), {
      branch: 'gh-pages',
      dir: '.',
      html: '<html>root</html>',
      logger: createMemoryLogger(),
      env: { GITHUB_REPOSITORY: 'octo/octo.github.io', GITHUB_SERVER_URL: 'https://github.com' },
    })
    expect(published).toMatchObject({ path: 'index.html', url: 'https://octo.github.io/' })
  })

  it('refuses the baselines branch, folders outside the branch and option-like branch names', async () => {
    const attempt = (branch: string, dir?: string) =>
      publishPages(gitConfig(world.project), { branch, dir, html: 'x', logger: createMemoryLogger() })
    await expect(attempt('perfgate-baselines')).rejects.toThrow(/is the baselines branch/)
    await expect(attempt('gh-pages', '../up')).rejects.toThrow(/a folder inside the branch/)
    await expect(attempt('--force')).rejects.toThrow(PerfgateError)
    await expect(attempt('a..b')).rejects.toThrow(/needs a branch name/)
  })
})
