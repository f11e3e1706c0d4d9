import type { UserConfig } from './types.js'

/** Identity helper: gives a config file types and editor completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config
}
