import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FindingInput, MetricInput, PluginContext } from '../../core/model/types.js'
import { microFindings, type TaskRuns } from './findings.js'
import { captureOutput, describeExit, exited, killGroup } from './process.js'
import type { RunnerJob, RunnerResult } from './protocol.js'
import { uniqueSlugs } from './slug.js'

export interface BenchFile {
  /** Relative to the config's folder, `/`-separated. */
  rel: string
  abs: string
  slug: string
}

export interface MicroOptions {
  runs: number
  time: number
  warmupTime: number
  env: Record<string, string>
  maxRme: number
}

type FileState = { file: BenchFile; failed: boolean; tasks: Map<string, TaskRuns> }

/**
 * Runs every bench file `runs` times, each in a fresh process, interleaved (A1 B1 A2 B2 …) so that a
 * drift of the machine spreads over all files instead of biasing one.
 */
export async function runMicroBenchmarks(
  files: BenchFile[],
  options: MicroOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'progress' | 'logger'>,
): Promise<{ metrics: MetricInput[]; findings: FindingInput[] }> {
  const findings: FindingInput[] = []
  const states: FileState[] = files.map((file) => ({ file, failed: false, tasks: new Map() }))
  for (let run = 1; run <= options.runs; run++) {
    for (const state of states) {
      if (state.failed) continue
      ctx.signal.throwIfAborted()
      ctx.progress.update(`run ${run}/${options.runs} · ${state.file.rel}`)
      const outcome = await runOnce(state.file, options, ctx)
      if (outcome.kind === 'crashed' || !outcome.result.ok) {
        state.failed = true
        findings.push(fileFailure(state.file, outcome))
        continue
      }
      for (const task of outcome.result.tasks) {
        const runs = state.tasks.get(task.name) ?? { name: task.name, results: [] }
        runs.results.push(task)
        state.tasks.set(task.name, runs)
      }
    }
  }
  const metrics: MetricInput[] = []
  for (const state of states) {
    if (state.failed) continue
    const tasks = [...state.tasks.values()]
    const slugs = uniqueSlugs(tasks.map((t) => t.name))
    tasks.forEach((task, i) => {
      const { metrics: taskMetrics, findings: taskFindings } = microFindings(
        state.file,
        slugs[i],
        task,
        options,
      )
      metrics.push(...taskMetrics)
      findings.push(...taskFindings)
    })
  }
  return { metrics, findings }
}

type Outcome = { kind: 'result'; result: RunnerResult } | { kind: 'crashed'; exit: string; output: string }

async function runOnce(
  file: BenchFile,
  options: MicroOptions,
  ctx: Pick<PluginContext, 'cwd' | 'signal' | 'track' | 'logger'>,
): Promise<Outcome> {
  const job: RunnerJob = { file: file.abs, time: options.time, warmupTime: options.warmupTime }
  const child = spawn(process.execPath, [...runnerArgs(), JSON.stringify(job)], {
    cwd: ctx.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    // Its own process group: whatever the bench file spawns dies with it.
    detached: true,
  })
  ctx.track(child)
  const output = captureOutput(child)
  const result = readResult(child)
  const onAbort = () => void killGroup(child)
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    const [exit, text] = await Promise.all([exited(child), result])
    ctx.signal.throwIfAborted()
    const line = text.trim().split('\n').pop()
    if (line) {
      try {
        return { kind: 'result', result: JSON.parse(line) as RunnerResult }
      } catch {
        // fall through: a partial line means the process died while writing
      }
    }
    return { kind: 'crashed', exit: describeExit(exit), output: output.lastLines() }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    if (child.exitCode === null && child.signalCode === null) await killGroup(child)
  }
}

function readResult(child: ChildProcess): Promise<string> {
  const stream = child.stdio[3]
  if (!stream || !('on' in stream)) return Promise.resolve('')
  return new Promise((resolve) => {
    let text = ''
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
    })
    stream.on('close', () => resolve(text))
    stream.on('error', () => resolve(text))
  })
}

function fileFailure(file: BenchFile, outcome: Outcome): FindingInput {
  if (outcome.kind === 'crashed')
    return {
      ruleId: 'bench/process-failed',
      severity: 'error',
      file: file.rel,
      message: `The bench process for ${file.rel} ${outcome.exit} without a result.${outcome.output ? `\nLast output:\n${outcome.output}` : ''}`,
      help: 'Run the file with node (or jiti) on its own to see the failure; a bench file must not call process.exit.',
    }
  const result = outcome.result as Extract<RunnerResult, { ok: false }>
  return {
    ruleId: result.phase === 'import' ? 'bench/import-failed' : 'bench/setup-failed',
    severity: 'error',
    file: file.rel,
    message:
      result.phase === 'import'
        ? `Bench file ${file.rel} threw on import: ${result.error}`
        : `Bench file ${file.rel} could not define its tasks: ${result.error}`,
    help: "A bench file default-exports an object of named functions, or a function receiving tinybench's Bench.",
  }
}

/** The runner: compiled JS when perfgate is built; the TS source through jiti when run from source. */
function runnerArgs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url))
  const compiled = join(here, 'runner.js')
  if (existsSync(compiled)) return [compiled]
  return ['--import', import.meta.resolve('jiti/register'), join(here, 'runner.ts')]
}
