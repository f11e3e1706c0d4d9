import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { ResolvedConfig } from '../../../core/config/types.js'
import type { PluginContext } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { killGroup } from '../../../plugins/bench/process.js'
import { tempDir } from '../../helpers/paths.js'

export interface BenchTestContext {
  ctx: PluginContext
  logger: ReturnType<typeof createMemoryLogger>
  progress: string[]
  controller: AbortController
  children: ChildProcess[]
  /** Ends every tracked child's process group (as the runner does) and removes the temp folder. */
  cleanup: () => Promise<void>
}

/** A real PluginContext for collect(): memory logger, AbortController, temp outDir, tracked children. */
export function createBenchContext(cwd: string, onProgress?: (text: string) => void): BenchTestContext {
  const { dir, cleanup } = tempDir('perfgate-bench-')
  const logger = createMemoryLogger()
  const progress: string[] = []
  const controller = new AbortController()
  const children: ChildProcess[] = []
  const ctx: PluginContext = {
    config: {} as ResolvedConfig,
    cwd,
    outDir: dir,
    logger,
    progress: {
      update: (text) => {
        progress.push(text)
        onProgress?.(text)
      },
    },
    signal: controller.signal,
    shard: { index: 1, total: 1 },
    track: (child) => children.push(child),
  }
  return {
    ctx,
    logger,
    progress,
    controller,
    children,
    cleanup: async () => {
      await Promise.all(children.map((child) => killGroup(child)))
      cleanup()
    },
  }
}

/** Whether a process exists and is not a zombie (a container's PID 1 may never reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Whether something accepts connections on 127.0.0.1:port. */
export async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

/** SIGKILL is delivered asynchronously: true once the process is gone (or a zombie), within `ms`. */
export async function diesWithin(pid: number, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}
