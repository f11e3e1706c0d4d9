import type { ChildProcess } from 'node:child_process'
import { afterEach } from 'vitest'
import type { PluginContext } from '../../core/model/types.js'
import { createMemoryLogger } from '../../core/report/logger.js'
import { ResourceScope } from '../../core/run/resources.js'
import { createPluginContext } from '../../core/testing/index.js'
import { killGroup } from '../../core/toolkit/process-group.js'
import { tempDir } from './paths.js'

export { createPluginContext as pluginContext }

export interface TestContext {
  ctx: PluginContext
  logger: ReturnType<typeof createMemoryLogger>
  progress: string[]
  controller: AbortController
  children: ChildProcess[]
  /** Ends every tracked child's process group (as the runner does) and removes the temp folder. */
  cleanup: () => Promise<void>
}

/** A real PluginContext for collect(): memory logger, AbortController, temp outDir, tracked children. */
export function createTestContext(cwd: string, onProgress?: (text: string) => void): TestContext {
  const { dir, cleanup } = tempDir('perfgate-plugin-')
  const logger = createMemoryLogger()
  const progress: string[] = []
  const controller = new AbortController()
  const children: ChildProcess[] = []
  const resources = new ResourceScope(controller.signal)
  const ctx = createPluginContext({
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
    keep: resources.keeper('test', 'head'),
  })
  return {
    ctx,
    logger,
    progress,
    controller,
    children,
    cleanup: async () => {
      await resources.disposeAll()
      await Promise.all(children.map((child) => killGroup(child)))
      cleanup()
    },
  }
}

/**
 * `context(cwd?, onProgress?)` for a test file: every context it creates is cleaned up (children's
 * process groups ended, temp folder removed) after each test.
 */
export function useTestContexts(defaultCwd?: string) {
  const contexts: TestContext[] = []
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.cleanup()))
  })
  return (cwd = defaultCwd, onProgress?: (text: string) => void): TestContext => {
    if (cwd === undefined) throw new Error('useTestContexts: no cwd given and no default')
    const created = createTestContext(cwd, onProgress)
    contexts.push(created)
    return created
  }
}
