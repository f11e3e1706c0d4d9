import type { Registry } from '../config/resolve.js'

/** The built-in plugins and presets, loaded only when a config names one (`"host"`, `["spa", {…}]`). */
export const builtinRegistry: Registry = {
  plugins: async () => (await import('../../plugins/index.js')) as unknown as Record<string, unknown>,
  presets: async () => (await import('../../presets/index.js')) as unknown as Record<string, unknown>,
}
