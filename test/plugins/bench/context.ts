import type { ChildProcess } from 'node:child_process'
import { afterEach } from 'vitest'
import type { PluginContext } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { killGroup } from '../../../core/toolkit/process-group.js'
import { tempDir } from '../../helpers/paths.js'
import { pluginContext } from '../../helpers/plugin-context.js'

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
  const ctx = pluginContext({
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
    track: (child) => children.push(child),
  })
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

/** Whether something accepts connections on 127.0.0.1:port. */
export async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

export { diesWithin, isAlive } from '../../helpers/process.js'

/**
 * `context(cwd?, onProgress?)` for a test file: every context it creates is cleaned up (children's
 * process groups ended, temp folder removed) after each test.
 */
export function useBenchContexts(defaultCwd?: string) {
  const contexts: BenchTestContext[] = []
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.cleanup()))
  })
  return (cwd = defaultCwd, onProgress?: (text: string) => void): BenchTestContext => {
    if (cwd === undefined) throw new Error('useBenchContexts: no cwd given and no default')
    const created = createBenchContext(cwd, onProgress)
    contexts.push(created)
    return created
  }
}
