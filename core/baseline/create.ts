import { resolve } from 'node:path'
import type { ResolvedConfig } from '../config/types.js'
import type { Logger } from '../model/types.js'
import { FolderBaselineStore } from './folder-store.js'
import { GitBaselineStore } from './git-store.js'
import type { BaselineStore } from './types.js'

/** The store the config asks for; nothing is read or fetched until a method is called. */
export function createBaselineStore(
  config: Pick<ResolvedConfig, 'root' | 'baseline'>,
  options: { logger: Logger; cwd?: string },
): BaselineStore {
  const { store, branch, remote, dir, base } = config.baseline
  const cwd = options.cwd ?? config.root
  if (store === 'folder') {
    return new FolderBaselineStore({
      dir: resolve(config.root, dir),
      remote,
      base,
      cwd,
      logger: options.logger,
    })
  }
  return new GitBaselineStore({ branch, remote, base, cwd, logger: options.logger })
}
