import picomatch from 'picomatch'
import { slugify } from '../../toolkit/slug.js'
import { projectPath } from './bundle-paths.js'
import { isRecord, type KeyPath, keyName, type SourceFile } from './source.js'
import { emptyMigration, type Migration, type WorkflowStep } from './types.js'

// github-action-benchmark (`uses: benchmark-action/github-action-benchmark@…`, or a fork of it): the
// results file of a custom* tool becomes a benchPlugin import, its alert threshold a compare threshold,
// and the steps before it in the job, which produce the file, are copied into perfgate's workflow.

const CUSTOM: Record<string, 'lower' | 'higher'> = {
  customSmallerIsBetter: 'lower',
  customBiggerIsBetter: 'higher',
}

const SILENT = new Set([
  'tool',
  'output-file-path',
  'name',
  'github-token',
  'comment-on-alert',
  'comment-always',
  'summary-always',
])

const WHY: Record<string, string> = {
  'alert-comment-cc-users': 'perfgate never @-mentions anyone: its comment escapes mentions',
  'external-data-json-path':
    'perfgate keeps each run on its baseline branch (perfgate-baselines), not in a JSON file',
  'max-items-in-chart':
    'the Action charts the last 100 runs; `perfgate history --last N` in a step of your own for more or fewer',
  'benchmark-data-dir-path':
    'the dashboard goes to perfgate/ on pages-branch (its own index.html beside github-action-benchmark’s data)',
  'skip-fetch-gh-pages': 'no counterpart: perfgate fetches its baseline branch itself',
  'save-data-file':
    'every run on the default branch is saved as a baseline record (the Action’s save-baseline: auto)',
  'gh-repository': 'perfgate keeps baselines and the dashboard in the project’s own repository',
  ref: 'perfgate measures the checked-out commit',
  'pr-comment-percentage-threshold':
    'perfgate’s comment has no icon thresholds: a row is regressed, improved or unchanged',
  'pr-comment-absolute-threshold':
    'perfgate’s comment has no icon thresholds: a row is regressed, improved or unchanged',
  'comment-on-pull-request': 'the perfgate Action always comments on pull requests',
}

/** `200%` → 2; null when it is not a percentage. */
function ratio(value: unknown): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(String(value ?? ''))
  return match ? Number(match[1]) / 100 : null
}

/**
 * The benchmark steps of one job. `cwd` is the project folder relative to the workflow's checkout root
 * (where the steps run): result paths are made relative to it.
 */
export function fromGithubActionBenchmark(
  src: SourceFile,
  job: { id: string; value: Record<string, unknown> },
  stepIndexes: number[],
  rootToCwd: string,
): Migration {
  const m = emptyMigration('github-action-benchmark', src.file)
  const steps = job.value.steps as WorkflowStep[]
  const note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) =>
    m[list].push({ file: src.file, key: keyName(path), line: src.lineOf(path), why })
  const imports: NonNullable<Migration['bench']>['imports'] = []
  let failOn: 'regression' | 'none' = 'none'
  for (const index of stepIndexes) {
    const at = (key?: string): KeyPath => ['jobs', job.id, 'steps', index, ...(key ? ['with', key] : [])]
    const inputs = isRecord(steps[index].with) ? steps[index].with : {}
    const tool = String(inputs.tool ?? '')
    const failing = inputs['fail-on-alert'] === true || inputs['fail-on-alert'] === 'true'
    if (failing) failOn = 'regression'
    const better = CUSTOM[tool]
    const file = typeof inputs['output-file-path'] === 'string' ? inputs['output-file-path'] : null
    const name = typeof inputs.name === 'string' && !inputs.name.includes('${{') ? inputs.name : undefined
    if (!better)
      note(
        'untranslated',
        at('tool'),
        `${tool || '(none)'}: perfgate imports github-action-benchmark's customSmallerIsBetter / customBiggerIsBetter JSON only; write the results as [{ name, unit, value }] (docs/coming-from-github-action-benchmark.md)`,
      )
    else if (!file || file.includes('${{') || picomatch.scan(file).isGlob)
      note('untranslated', at('output-file-path'), `${file ?? '(none)'}: an import reads one results file`)
    else {
      const rel = projectPath(rootToCwd ? relativeTo(rootToCwd, file) : file, '.')
      imports.push({
        format: 'github-action-benchmark',
        file: rel,
        ...(name ? { name } : {}),
        ...(better === 'higher' ? { better } : {}),
        from: `${keyName(at())} (${tool})`,
      })
      // An alert fires when the result is `threshold` times worse: current/previous for smaller-is-better,
      // previous/current for bigger-is-better. perfgate's threshold is the relative change below which a
      // change is noise.
      const key = failing && inputs['fail-threshold'] !== undefined ? 'fail-threshold' : 'alert-threshold'
      const r = ratio(inputs[key] ?? '200%')
      if (r !== null && r > 1) {
        const rel = better === 'lower' ? r - 1 : 1 - 1 / r
        m.thresholds.push({
          id: `bench/${importPrefix(name, file)}/**`,
          rel: Math.round(rel * 1000) / 1000,
          from: `${inputs[key] === undefined ? `${key} (default 200%)` : keyName(at(key))}: alerts at ${r}× worse`,
        })
      } else if (inputs[key] !== undefined)
        note('untranslated', at(key), `"${String(inputs[key])}" is not a percentage above 100%`)
      if (failing && inputs['fail-threshold'] !== undefined && inputs['alert-threshold'] !== undefined)
        note(
          'untranslated',
          at('alert-threshold'),
          'perfgate has one threshold per metric: fail-threshold is used; alerts that only commented have no counterpart',
        )
    }
    for (const [key, value] of Object.entries(inputs)) {
      if (SILENT.has(key) || key === 'alert-threshold' || key === 'fail-threshold' || key === 'fail-on-alert')
        continue
      if (key === 'gh-pages-branch' || key === 'auto-push') continue
      note('untranslated', at(key), WHY[key] ?? `no counterpart (${JSON.stringify(value)})`)
    }
    const autoPush = inputs['auto-push'] === true || inputs['auto-push'] === 'true'
    if (autoPush) {
      const branch = typeof inputs['gh-pages-branch'] === 'string' ? inputs['gh-pages-branch'] : 'gh-pages'
      m.workflow.actionInputs = {
        ...m.workflow.actionInputs,
        'pages-branch': {
          value: branch,
          comment: `the dashboard of main's runs, as github-action-benchmark's auto-push to ${branch} did (at perfgate/)`,
        },
      }
    }
  }
  if (imports.length > 0) m.bench = { imports }
  m.failOn = {
    value: failOn,
    from:
      failOn === 'none'
        ? "github-action-benchmark did not fail the job (fail-on-alert off); 'regression' fails a pull request that makes a benchmark worse"
        : 'fail-on-alert: a benchmark worse than the threshold fails the job',
  }

  // The steps before the last benchmark step produce the results: copied, but for the checkout (the
  // workflow has its own, with the history the baseline lookup needs) and other benchmark steps.
  const last = Math.max(...stepIndexes)
  const copied = steps
    .slice(0, last)
    .filter((step) => !isCheckout(step) && !isBenchmarkStep(step) && !isCompressedSize(step))
  m.workflow.steps = copied
  // Those steps install and build what the benchmarks need; the workflow adds no setup of its own.
  m.workflow.node = false
  m.workflow.install = null
  m.workflow.build = null
  for (const key of ['runs-on', 'container', 'env', 'defaults', 'services'] as const)
    if (job.value[key] !== undefined && !(key === 'runs-on' && job.value[key] === 'ubuntu-latest'))
      m.workflow.job = { ...m.workflow.job, [key]: job.value[key] }
  if (JSON.stringify(copied).includes('matrix.') && job.value.strategy !== undefined) {
    const matrix = isRecord(job.value.strategy) ? job.value.strategy.matrix : undefined
    const empty =
      !isRecord(matrix) ||
      Object.values(matrix).some((v) => v === null || (Array.isArray(v) && v.length === 0))
    if (empty)
      note(
        'untranslated',
        ['jobs', job.id, 'strategy', 'matrix'],
        'the matrix has an empty entry, so the copied steps that use it have no value: give it one in perfgate.yml',
      )
    else {
      m.workflow.job = { ...m.workflow.job, strategy: job.value.strategy }
      note(
        'notes',
        ['jobs', job.id, 'strategy'],
        'the copied steps use the matrix: perfgate runs once per leg; set artifact-name per leg (docs/github.md)',
      )
    }
  }
  m.workflow.actionInputs = {
    ...m.workflow.actionInputs,
    mode: {
      value: 'stored',
      comment: 'the steps above produce the results; they are compared with the stored baseline',
    },
  }
  return m
}

/** The import's metric prefix, as benchPlugin names it: its name, else the file's base name. */
function importPrefix(name: string | undefined, file: string): string {
  return slugify(name ?? (file.split('/').pop() ?? file).replace(/\.json$/i, ''))
}

function relativeTo(rootToCwd: string, file: string): string {
  const prefix = `${rootToCwd.replace(/\/+$/, '')}/`
  return file.replace(/^\.\//, '').startsWith(prefix)
    ? file.replace(/^\.\//, '').slice(prefix.length)
    : `../${file}`
}

const usesOf = (step: WorkflowStep) => (typeof step.uses === 'string' ? step.uses : '')
export const isCheckout = (step: WorkflowStep) => /^actions\/checkout@/.test(usesOf(step))
export const isBenchmarkStep = (step: WorkflowStep) => /(^|\/)github-action-benchmark@/.test(usesOf(step))
export const isCompressedSize = (step: WorkflowStep) => /(^|\/)compressed-size-action@/.test(usesOf(step))
