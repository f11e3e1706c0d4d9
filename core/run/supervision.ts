// The run's side of supervision (core/cli/supervisor.ts): it tells the supervising parent which plugin
// is running and for how long it may, and learns from it which plugins an earlier attempt lost to a hang
// or a hard exit. Without a parent (PERFGATE_SUPERVISE=off, the API) every call here does nothing.
import { PerfgateError } from '../model/errors.js'

export const SUPERVISED_ENV = 'PERFGATE_SUPERVISED'
export const LOST_PLUGINS_ENV = 'PERFGATE_SUPERVISOR_LOST'

export type SupervisorMessage =
  | { perfgate: 'start'; plugin: string; timeoutMs: number }
  | { perfgate: 'end'; plugin: string }
  | { perfgate: 'done'; code: number }

/** A plugin an earlier attempt of this run lost, and why (the parent's words). */
export interface LostPlugin {
  plugin: string
  reason: string
}

/** Whether this invocation runs supervised: `run` (not its --help), unless PERFGATE_SUPERVISE=off. */
export function shouldSupervise(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[SUPERVISED_ENV] === '1') return false
  if (/^(off|0|false|no)$/i.test(env.PERFGATE_SUPERVISE?.trim() ?? '')) return false
  const args = argv.slice(2)
  return args[0] === 'run' && !args.includes('--help') && !args.includes('-h')
}

export function isSupervised(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[SUPERVISED_ENV] === '1' && typeof process.send === 'function'
}

export function tellSupervisor(message: SupervisorMessage): void {
  if (!isSupervised() || !process.connected) return
  try {
    process.send?.(message)
  } catch {
    // The parent is gone: the disconnect handler ends the run.
  }
}

/** The plugins the parent says an earlier attempt lost: failed with its reason, never called again. */
export function lostPlugins(env: NodeJS.ProcessEnv = process.env): LostPlugin[] {
  const raw = env[LOST_PLUGINS_ENV]
  if (!raw || !isSupervised(env)) return []
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (entry): entry is LostPlugin => typeof entry?.plugin === 'string' && typeof entry?.reason === 'string',
    )
  } catch {
    return []
  }
}

/** The failure a lost plugin is reported with. */
export function lostPluginError(lost: LostPlugin): PerfgateError {
  return new PerfgateError('PLUGIN_FAILED', lost.reason, {
    hint: 'Fix the plugin or report it to its author; the other plugins were measured without it.',
  })
}
