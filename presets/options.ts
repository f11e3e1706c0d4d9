import { z } from 'zod'

/** A plugin's options inside a preset's: the plugin's own factory validates them when the preset is built. */
export function pluginOptions<T>() {
  return z.custom<T>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be an options object for the plugin, e.g. { dir: "dist" }',
  )
}
