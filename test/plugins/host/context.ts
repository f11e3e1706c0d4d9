import type { PluginContext } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { pluginContext } from '../../helpers/plugin-context.js'

export interface TestContext {
  ctx: PluginContext
  logger: ReturnType<typeof createMemoryLogger>
  progress: string[]
  controller: AbortController
  cleanup: () => void
}

/** The smallest real PluginContext a plugin's collect() can run with. */
export function createTestContext(cwd = REPO_ROOT): TestContext {
  const { dir, cleanup } = tempDir('perfgate-host-')
  const logger = createMemoryLogger()
  const progress: string[] = []
  const controller = new AbortController()
  const ctx = pluginContext({
    cwd,
    outDir: dir,
    logger,
    progress: { update: (text) => progress.push(text) },
    signal: controller.signal,
  })
  return { ctx, logger, progress, controller, cleanup }
}
