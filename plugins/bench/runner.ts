// Executed in a fresh child process per bench file and repetition: loads the file, runs its tasks with
// tinybench, and writes one JSON RunnerResult to fd 3 (stdout and stderr stay the bench's own).
import { writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Bench, type Fn, type FnOptions } from 'tinybench'
import { summarizeProfile } from '../../core/toolkit/cpu-profile.js'
import { RESULT_FD, type RunnerJob, type RunnerResult, type RunnerTask } from './protocol.js'

type TaskFn = () => unknown
type TaskSpec = TaskFn | ({ fn: TaskFn } & Record<string, unknown>)

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as RunnerJob
  if (job.profileTime) {
    // Before the bench file loads: a function inlined into its caller has no frame of its own in a profile.
    setFlagsFromString('--no-turbo-inlining')
    setFlagsFromString('--no-maglev-inlining')
  }
  let exported: unknown
  try {
    exported = await loadDefault(job.file)
  } catch (error) {
    return finish({ ok: false, phase: 'import', error: describe(error) })
  }
  const bench = new Bench({ time: job.time, warmupTime: job.warmupTime, warmup: job.warmupTime > 0 })
  // Each task as it was added, so that the profiled pass can run it again on a bench of its own.
  const added = new Map<string, { fn: Fn; options?: FnOptions }>()
  const add = bench.add.bind(bench)
  bench.add = (name, fn, options) => {
    added.set(name, { fn, options })
    return add(name, fn, options)
  }
  const warnings = new Map<string, string[]>()
  bench.addEventListener('warning', (event) => {
    const name = event.task?.name ?? ''
    const reason = event.reason ?? 'timer saturation'
    warnings.set(name, [...new Set([...(warnings.get(name) ?? []), reason])])
  })
  try {
    if (typeof exported === 'function') await exported(bench)
    else if (exported && typeof exported === 'object') {
      for (const [name, spec] of Object.entries(exported as Record<string, TaskSpec>)) {
        if (typeof spec === 'function') bench.add(name, spec)
        else if (spec && typeof spec.fn === 'function') {
          const { fn, ...hooks } = spec
          bench.add(name, fn, hooks)
        } else throw new Error(`task "${name}" is neither a function nor { fn, …hooks }`)
      }
    } else throw new Error('the default export must be an object of functions or a function (bench) => …')
    if (bench.tasks.length === 0) throw new Error('it defines no tasks')
  } catch (error) {
    return finish({ ok: false, phase: 'setup', error: describe(error) })
  }
  await bench.run()
  const tasks = bench.tasks.map((task): RunnerTask => {
    const result = task.result
    const taskWarnings = warnings.get(task.name) ?? []
    if (result.state === 'errored')
      return { name: task.name, state: 'errored', error: describe(result.error), warnings: taskWarnings }
    if (result.state === 'completed')
      return {
        name: task.name,
        state: 'completed',
        p50: result.latency.p50,
        ops: result.throughput.p50,
        rme: result.latency.rme,
        samplesCount: result.latency.samplesCount,
        warnings: taskWarnings,
      }
    return { name: task.name, state: 'other', error: `ended ${result.state}`, warnings: taskWarnings }
  })
  if (job.profileTime) await profileTasks(tasks, added, job.profileTime, job.root ?? process.cwd())
  finish({ ok: true, tasks })
}

/**
 * Runs each completed task again for `time` ms (no warm-up: the run before warmed it) under V8's
 * sampling profiler, and keeps its self time by function. A task the profiler cannot follow keeps no
 * profile: its figures stand without a breakdown.
 */
async function profileTasks(
  tasks: RunnerTask[],
  added: Map<string, { fn: Fn; options?: FnOptions }>,
  time: number,
  root: string,
): Promise<void> {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 100 })
    for (const task of tasks) {
      const spec = added.get(task.name)
      if (task.state !== 'completed' || !spec) continue
      const pass = new Bench({ time, warmup: false, iterations: 1, throws: true })
      pass.add(task.name, spec.fn, spec.options)
      await session.post('Profiler.start')
      const ran = await pass.run().then(
        () => true,
        () => false,
      )
      const { profile } = await session.post('Profiler.stop')
      if (ran) task.profile = summarizeProfile(profile, root)
    }
  } catch {
    // a profile is a bonus: the measured figures are already complete
  } finally {
    session.disconnect()
  }
}

async function loadDefault(file: string): Promise<unknown> {
  if (/\.[cm]?tsx?$/.test(file)) {
    const { createJiti } = await import('jiti')
    const jiti = createJiti(import.meta.url, { moduleCache: false })
    return jiti.import(file, { default: true })
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown }
  return mod.default
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function finish(result: RunnerResult): void {
  writeSync(RESULT_FD, `${JSON.stringify(result)}\n`)
}

main().then(
  // Pending handles the bench file left open (servers, timers) must not keep the process alive.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`perfgate bench runner: ${describe(error)}\n`)
    process.exit(1)
  },
)
