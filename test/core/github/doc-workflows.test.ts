import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

// Every workflow the docs show — a YAML block of README.md or docs/*.md with `on:` and `jobs:`, and every
// examples/workflows/*.yml — must work when copied alone into a repository: it passes action-validator,
// and has what perfgate needs there (triggers that also save a baseline, permissions, full history, the
// project's own perfgate installed and the app built before it runs).

const VALIDATOR = join(REPO_ROOT, 'node_modules/.bin/action-validator')
const ACTION_REF = 'perfgate/perfgate@v0'
const temp = mkdtempSync(join(tmpdir(), 'perfgate-doc-workflows-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Job {
  permissions?: Record<string, string> | string
  steps?: Step[]
}
interface Workflow {
  on?: unknown
  permissions?: Record<string, string> | string
  jobs?: Record<string, Job>
}

/** Fenced yaml blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(file: string): Array<{ where: string; text: string }> {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n')
  const blocks: Array<{ where: string; text: string }> = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'))
    blocks.push({ where: `${file}:${i + 1}`, text: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

const markdown = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((name) => `docs/${name}`)].filter(
  (file) => file.endsWith('.md'),
)
const blocks = markdown.flatMap(yamlBlocks)
const docWorkflows = blocks.filter((block) => {
  const doc = parse(block.text) as Workflow | null
  return doc !== null && typeof doc === 'object' && 'on' in doc && 'jobs' in doc
})
const exampleFiles = readdirSync(join(REPO_ROOT, 'examples/workflows')).filter((name) =>
  name.endsWith('.yml'),
)
const workflows = [
  ...docWorkflows,
  ...exampleFiles.map((name) => ({
    where: `examples/workflows/${name}`,
    text: readFileSync(join(REPO_ROOT, 'examples/workflows', name), 'utf8'),
  })),
]

const usesAction = (step: Step) => step.uses?.startsWith('perfgate/perfgate@') === true
const runs = (step: Step, pattern: RegExp) => pattern.test(step.run ?? '')
/** A step that measures: the Action, or `perfgate run`. */
const measures = (step: Step) => usesAction(step) || runs(step, /\bperfgate run\b/)
const installs = (step: Step) => runs(step, /\b(npm ci|npm install|pnpm install|yarn install|yarn\b\s*$)/m)
const callsPerfgate = (step: Step) => usesAction(step) || runs(step, /\bperfgate\b/)

function events(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.map(String)
  return Object.keys((on as Record<string, unknown>) ?? {})
}

function permission(workflow: Workflow, job: Job, scope: string): string {
  const granted = job.permissions ?? workflow.permissions
  if (granted === undefined) return 'unset'
  if (typeof granted === 'string') return granted.replace(/-all$/, '')
  return granted[scope] ?? 'none'
}

/** What a workflow lacks to work when copied alone; empty when nothing. */
function copiedAloneProblems(workflow: Workflow): string[] {
  const problems: string[] = []
  const on = events(workflow.on)
  const jobs = Object.entries(workflow.jobs ?? {})
  const savesBaseline = jobs.some(([, job]) =>
    (job.steps ?? []).some(
      (step) =>
        (usesAction(step) &&
          step.with?.['save-baseline'] !== false &&
          step.with?.['save-baseline'] !== 'false') ||
        runs(step, /--save-baseline|perfgate baseline save/),
    ),
  )
  const measuresPullRequests =
    on.includes('pull_request') && jobs.some(([, job]) => (job.steps ?? []).some(measures))
  if (measuresPullRequests && !(on.includes('push') && savesBaseline))
    problems.push('measures pull requests but never saves a baseline (needs a push trigger that saves one)')
  for (const [name, job] of jobs) {
    const steps = job.steps ?? []
    const first = steps.findIndex(callsPerfgate)
    if (first === -1) continue
    const before = steps.slice(0, first)
    const need = (scope: string, level: 'read' | 'write', why: string) => {
      const has = permission(workflow, job, scope)
      if (has === 'unset') problems.push(`${name}: no permissions: block (${scope}: ${level} ${why})`)
      else if (has === 'none' || (level === 'write' && has !== 'write'))
        problems.push(`${name}: needs ${scope}: ${level} (${why}), has ${has}`)
    }
    for (const step of steps) {
      const registry = (step.run ?? '')
        .split('\n')
        .find((line) => /npx\s+(--yes\s+|-y\s+)?perfgate@/.test(line))
      if (registry)
        problems.push(
          `${name}: runs perfgate from the registry (${registry.trim()}), not the project's own copy`,
        )
    }
    if (!before.some((step) => step.uses?.startsWith('actions/checkout@')))
      problems.push(`${name}: runs perfgate without checking out the repository first`)
    if (!before.some((step) => step.uses?.startsWith('actions/setup-node@')))
      problems.push(`${name}: runs perfgate without actions/setup-node`)
    if (!before.some(installs)) problems.push(`${name}: runs perfgate before installing the project (npm ci)`)
    need('contents', 'read', 'to check out the repository')
    if (steps.some(measures)) {
      const checkout = before.find((step) => step.uses?.startsWith('actions/checkout@'))
      if (String(checkout?.with?.['fetch-depth']) !== '0')
        problems.push(
          `${name}: checks out without fetch-depth: 0 (the merge-base and baselines need history)`,
        )
      if (!before.some((step) => runs(step, /\bbuild\b/)))
        problems.push(`${name}: measures without building the app first`)
    }
    if (steps.some(usesAction)) {
      if (on.includes('push')) need('contents', 'write', 'the Action saves the baseline on pushes')
      need('pull-requests', 'write', 'the comment')
      need('checks', 'write', 'the check run')
    }
    if (steps.some((step) => runs(step, /--save-baseline|perfgate baseline save/)))
      need('contents', 'write', 'saving the baseline pushes')
    if (steps.some((step) => runs(step, /perfgate publish/))) {
      need('pull-requests', 'write', 'the comment')
      need('checks', 'write', 'the check run')
    }
    for (const step of steps)
      if (usesAction(step) && step.uses !== ACTION_REF)
        problems.push(`${name}: uses ${step.uses}, not ${ACTION_REF}`)
  }
  return problems
}

describe('workflows in the docs and examples work copied alone', { timeout: 30_000 }, () => {
  it('finds the workflows the docs show', () => {
    expect(docWorkflows.map((block) => block.where.replace(/:\d+$/, ''))).toEqual(['README.md', 'docs/ab.md'])
    expect(workflows.length).toBe(2 + exampleFiles.length)
  })

  it.each(workflows)('$where passes action-validator and lacks nothing', async ({ where, text }) => {
    const file = join(temp, `${where.replace(/[^\w.-]+/g, '_')}.yml`)
    writeFileSync(file, text)
    const { code, stdout, stderr } = await runProcess(VALIDATOR, [file], { cwd: REPO_ROOT })
    expect(stdout + stderr).toBe('')
    expect(code).toBe(0)
    expect(copiedAloneProblems(parse(text) as Workflow)).toEqual([])
  })

  it.each(blocks)('$where: every YAML block parses, and the Action is used at one ref', ({ text }) => {
    const doc = parse(text) as unknown
    expect(doc).not.toBeNull()
    for (const ref of text.matchAll(/uses:\s*(perfgate\/perfgate@\S+)/g)) expect(ref[1]).toBe(ACTION_REF)
  })
})

describe('the copied-alone check finds what is missing', () => {
  const good = parse(readFileSync(join(REPO_ROOT, 'examples/workflows/pull-request.yml'), 'utf8')) as Workflow
  const job = (w: Workflow) => w.jobs!.perfgate!
  const copy = () => structuredClone(good)

  it('passes the simple setup', () => {
    expect(copiedAloneProblems(good)).toEqual([])
  })

  it.each([
    [
      'no push trigger',
      (w: Workflow) => {
        w.on = { pull_request: null }
      },
      'measures pull requests but never saves a baseline',
    ],
    [
      'no permissions',
      (w: Workflow) => {
        delete w.permissions
      },
      'perfgate: no permissions: block',
    ],
    [
      'read-only contents with a push trigger',
      (w: Workflow) => {
        w.permissions = { 'pull-requests': 'write', checks: 'write', contents: 'read' }
      },
      'perfgate: needs contents: write (the Action saves the baseline on pushes), has read',
    ],
    [
      'a shallow checkout',
      (w: Workflow) => {
        job(w).steps![0]!.with = {}
      },
      'checks out without fetch-depth: 0',
    ],
    [
      'no install',
      (w: Workflow) => {
        job(w).steps = job(w).steps!.filter((s) => s.run !== 'npm ci')
      },
      'runs perfgate before installing the project (npm ci)',
    ],
    [
      'no build',
      (w: Workflow) => {
        job(w).steps = job(w).steps!.filter((s) => s.run !== 'npm run build')
      },
      'measures without building the app first',
    ],
    [
      'perfgate from the registry',
      (w: Workflow) => {
        job(w).steps!.push({ run: 'npx --yes perfgate@0 publish' })
      },
      'runs perfgate from the registry (npx --yes perfgate@0 publish)',
    ],
    [
      'another Action ref',
      (w: Workflow) => {
        job(w).steps!.find(usesAction)!.uses = 'perfgate/perfgate@main'
      },
      'uses perfgate/perfgate@main, not perfgate/perfgate@v0',
    ],
  ])('%s', (_name, change, problem) => {
    const workflow = copy()
    change(workflow)
    expect(copiedAloneProblems(workflow).join('\n')).toContain(problem)
  })
})
