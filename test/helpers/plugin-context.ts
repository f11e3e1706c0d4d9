import type { ResolvedConfig } from '../../core/config/types.js'
import type { PluginContext } from '../../core/model/types.js'
import { createMemoryLogger } from '../../core/report/logger.js'

/** A PluginContext for calling a plugin's collect() directly; every field can be overridden. */
export function pluginContext(
  fields: Pick<PluginContext, 'cwd' | 'outDir'> & Partial<PluginContext>,
): PluginContext {
  return {
    config: {} as ResolvedConfig,
    logger: createMemoryLogger(),
    progress: { update: () => {} },
    signal: new AbortController().signal,
    shard: { index: 1, total: 1 },
    track: () => {},
    ...fields,
  }
}
