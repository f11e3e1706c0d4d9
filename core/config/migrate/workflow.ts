import { fromCompressedSizeAction } from './compressed-size-action.js'
import { fromGithubActionBenchmark, isBenchmarkStep, isCompressedSize } from './github-action-benchmark.js'
import { isRecord, type SourceFile } from './source.js'
import { emptyMigration, type Migration, type WorkflowStep } from './types.js'

// A GitHub Actions workflow: its github-action-benchmark steps (per job) and compressed-size-action
// steps are translated; a Lighthouse CI Action step is pointed at its config file.

/** Whether parsed YAML is a workflow with steps (as opposed to, say, a Lighthouse CI config in YAML). */
export function isWorkflow(value: unknown): boolean {
  return isRecord(value) && isRecord(value.jobs)
}

export function fromWorkflow(
  src: SourceFile,
  options: { cwd: string; rootToCwd: string; runScript: (script: string) => string },
): Migration[] {
  const jobs = isRecord(src.value) && isRecord(src.value.jobs) ? src.value.jobs : {}
  const out: Migration[] = []
  const other = emptyMigration('github-action-benchmark', src.file)
  for (const [id, value] of Object.entries(jobs)) {
    if (!isRecord(value) || !Array.isArray(value.steps)) continue
    const job = { id, value }
    const steps = value.steps as WorkflowStep[]
    const bench: number[] = []
    steps.forEach((step, index) => {
      if (!isRecord(step)) return
      if (isBenchmarkStep(step)) bench.push(index)
      else if (isCompressedSize(step))
        out.push(fromCompressedSizeAction(src, job, index, options.cwd, options.runScript))
      else if (typeof step.uses === 'string' && /^treosh\/lighthouse-ci-action@/.test(step.uses)) {
        const path = ['jobs', id, 'steps', index]
        const config =
          isRecord(step.with) && typeof step.with.configPath === 'string' ? step.with.configPath : null
        other.untranslated.push({
          file: src.file,
          key: `jobs.${id}.steps[${index}]`,
          line: src.lineOf(path),
          why: config
            ? `treosh/lighthouse-ci-action: translate its config with \`perfgate init --from ${config}\``
            : 'treosh/lighthouse-ci-action: its urls and runs are Action inputs; write them as lighthousePlugin({ urls, runs })',
        })
      }
    })
    if (bench.length > 0) out.push(fromGithubActionBenchmark(src, job, bench, options.rootToCwd))
  }
  if (other.untranslated.length > 0) out.push(other)
  return out
}
