import { describe, expect, it } from 'vitest'
import { fromWorkflow, parseText } from '../../../../core/config/migrate/index.js'
import { noteKeys, translated, untranslatedKeys } from './fixtures.js'

// Real workflows of public projects (test/fixtures/migrate/README.md), and one written here for the
// custom JSON formats, which perfgate imports.

describe('github-action-benchmark: real workflows', () => {
  it('open-telemetry/opentelemetry-js: benchmarkjs output is not importable; the job’s steps, runner and container are kept', async () => {
    const m = await translated('gab-open-telemetry-opentelemetry-js', '.github/workflows/benchmark.yml')
    expect(m.bench).toBeUndefined()
    expect(untranslatedKeys(m)).toEqual([
      'jobs.benchmark-tests.steps[7].with.tool',
      'jobs.benchmark-tests.steps[7].with.benchmark-data-dir-path',
    ])
    expect(m.untranslated[0]).toMatchObject({
      line: 49,
      why: expect.stringMatching(/^benchmarkjs: perfgate imports/),
    })
    // The steps that produce the results, without the checkout (the workflow has its own).
    expect(m.workflow.steps?.map((s) => s.name ?? s.uses ?? s.run)).toEqual([
      'Setup container environment',
      'git config --global --add safe.directory $GITHUB_WORKSPACE',
      'actions/setup-node@v6',
      'Bootstrap',
      'Build',
      'Benchmark tests',
    ])
    expect(m.workflow.job).toMatchObject({
      'runs-on': 'oracle-bare-metal-64cpu-1024gb-x86-64-ubuntu-24',
      container: { image: 'ubuntu:24.04' },
      strategy: { matrix: { node_version: ['26.3.0'] } },
    })
    expect(noteKeys(m)).toEqual(['jobs.benchmark-tests.strategy'])
    expect(m.workflow.actionInputs).toMatchObject({
      'pages-branch': { value: 'gh-pages' },
      mode: { value: 'stored' },
    })
    expect(m.failOn?.value).toBe('none') // fail-on-alert was off
  })

  it('hyperium/hyper (a fork of the action): cargo output listed, fail-on-alert kept as failOn', async () => {
    const m = await translated('gab-hyperium-hyper', '.github/workflows/bench.yml')
    expect(m.bench).toBeUndefined()
    // Its matrix has no entry left (all commented out): the strategy is not copied, and that is listed.
    expect(untranslatedKeys(m)).toEqual([
      'jobs.benchmark.steps[4].with.tool',
      'jobs.benchmark.strategy.matrix',
    ])
    expect(m.workflow.job).toBeUndefined()
    expect(m.failOn?.value).toBe('regression')
    expect(m.workflow.steps?.map((s) => s.name ?? s.uses)).toEqual([
      'Install Rust',
      'Run benchmark',
      'Download previous benchmark data',
    ])
  })
})

describe('github-action-benchmark: custom JSON', () => {
  const workflow = `
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: node bench.mjs > results/ops.json
      - uses: benchmark-action/github-action-benchmark@v1
        with:
          name: Parser
          tool: customBiggerIsBetter
          output-file-path: results/ops.json
          alert-threshold: '150%'
          fail-on-alert: true
          alert-comment-cc-users: '@someone'
`
  it('imports the results file, turns the alert threshold into the relative change it means', () => {
    const src = parseText(workflow, '.github/workflows/bench.yml', 'yaml')
    const [m] = fromWorkflow(src, { cwd: '/p', rootToCwd: '', runScript: (s) => `npm run ${s}` })
    expect(m.bench?.imports).toEqual([
      expect.objectContaining({
        format: 'github-action-benchmark',
        file: 'results/ops.json',
        name: 'Parser',
        better: 'higher',
      }),
    ])
    // Bigger is better: an alert at 150% is a drop to 1/1.5 of the value, a change of -33.3 %.
    expect(m.thresholds).toEqual([expect.objectContaining({ id: 'bench/parser/**', rel: 0.333 })])
    expect(m.failOn?.value).toBe('regression')
    expect(untranslatedKeys(m)).toEqual(['jobs.bench.steps[2].with.alert-comment-cc-users'])
    expect(m.workflow.steps).toEqual([{ run: 'node bench.mjs > results/ops.json' }])
  })

  it('reads result paths from the repository root relative to a project in a subfolder', () => {
    const src = parseText(
      workflow.replace('results/ops.json\n          alert', 'web/results/ops.json\n          alert'),
      'w.yml',
      'yaml',
    )
    const [m] = fromWorkflow(src, { cwd: '/repo/web', rootToCwd: 'web', runScript: (s) => s })
    expect(m.bench?.imports[0].file).toBe('results/ops.json')
  })
})
