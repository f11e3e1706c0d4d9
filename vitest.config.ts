import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples import perfgate by its public entry points, as a third-party package would.
    alias: {
      'perfgate/toolkit': entry('./core/toolkit/index.ts'),
      'perfgate/testing': entry('./core/testing/index.ts'),
    },
  },
})
