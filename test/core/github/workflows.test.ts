import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

// The workflow linter from the npm registry (@action-validator/cli), validating against the
// SchemaStore schemas for actions (a file named action.yml) and workflows (anything else).
const VALIDATOR = join(REPO_ROOT, 'node_modules/.bin/action-validator')
const EXAMPLES = join(REPO_ROOT, 'examples/workflows')

const temp = mkdtempSync(join(tmpdir(), 'perfgate-lint-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

async function validate(file: string) {
  const { code, stdout, stderr } = await runProcess(VALIDATOR, [file], { cwd: REPO_ROOT })
  return { code, output: stdout + stderr }
}

const examples = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.yml'))
  .sort()

describe('action.yml and example workflows pass action-validator', { timeout: 30_000 }, () => {
  it('ships the example setups the docs describe', () => {
    expect(examples).toEqual([
      'fork-measure.yml',
      'fork-publish.yml',
      'monorepo.yml',
      'pull-request.yml',
      'sharded.yml',
    ])
  })

  it.each([
    'action.yml',
    '.github/workflows/release.yml',
    ...examples.map((name) => `examples/workflows/${name}`),
  ])('%s', async (file) => {
    const { code, output } = await validate(join(REPO_ROOT, file))
    expect(output).toBe('')
    expect(code).toBe(0)
  })
})

describe('the release workflow', () => {
  it('publishes on a version tag with provenance, after checking the tag and what ships', () => {
    const doc = parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
      on: { push: { tags: string[] } }
      jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ run?: string }> }>
    }
    expect(doc.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+*'])
    const job = doc.jobs.publish!
    expect(job.permissions['id-token']).toBe('write')
    const runs = job.steps.map((step) => step.run ?? '')
    const at = (text: string) => runs.findIndex((run) => run.includes(text))
    expect(at('npm publish --provenance')).toBeGreaterThan(-1)
    expect(at('GITHUB_REF_NAME')).toBeLessThan(at('npm publish'))
    expect(at('what the tarball ships')).toBeLessThan(at('npm publish'))
    expect(at('what the tarball ships')).toBeGreaterThan(at('npm run build'))
  })
})

/** Every `uses: actions/upload-artifact@…` step of a workflow's jobs or a composite action's steps. */
function uploadSteps(file: string): Array<{ with?: Record<string, unknown> }> {
  const doc = parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as {
    jobs?: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>
    runs?: { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }
  }
  const steps = [
    ...Object.values(doc.jobs ?? {}).flatMap((job) => job.steps ?? []),
    ...(doc.runs?.steps ?? []),
  ]
  return steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@'))
}

describe('artifact uploads of .perfgate', () => {
  // upload-artifact v4.4+ leaves out hidden files and folders unless told: .perfgate/ would upload nothing.
  it.each(['action.yml', ...examples.map((name) => `examples/workflows/${name}`)])(
    '%s sets include-hidden-files wherever it uploads from .perfgate',
    (file) => {
      for (const step of uploadSteps(file))
        if (String(step.with?.path ?? '').includes('.perfgate') || file === 'action.yml')
          expect(step.with?.['include-hidden-files'], `${file}: ${String(step.with?.path)}`).toBe(true)
    },
  )
})

describe('action-validator rejects broken files', { timeout: 30_000 }, () => {
  it('a workflow whose job has no runs-on', async () => {
    const file = join(temp, 'no-runs-on.yml')
    writeFileSync(file, 'name: x\non:\n  pull_request:\njobs:\n  a:\n    steps:\n      - run: echo hi\n')
    const { code, output } = await validate(file)
    expect(code).not.toBe(0)
    expect(output).toContain('/jobs/a/runs-on')
  })

  it('a workflow with an unknown event under on:', async () => {
    const file = join(temp, 'bad-event.yml')
    writeFileSync(
      file,
      'name: x\non:\n  pull_requests:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
    )
    const { code, output } = await validate(file)
    expect(code).not.toBe(0)
    expect(output).toContain("Additional property 'pull_requests' is not allowed")
  })

  it('a composite action step without shell', async () => {
    mkdirSync(join(temp, 'action'))
    const file = join(temp, 'action/action.yml')
    writeFileSync(file, 'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n')
    const { code, output } = await validate(file)
    expect(code).not.toBe(0)
    expect(output).toContain('/runs/steps/0/shell')
  })
})
