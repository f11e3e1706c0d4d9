import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  test: {
    // Many tests run the real CLI, git and servers as child processes: 5 s is too little on a busy
    // 2-core machine. Tests that need longer still say so themselves.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
  resolve: {
    // Examples import perfgate by its public entry points, as a third-party package would.
    alias: {
      'perfgate/toolkit': entry('./core/toolkit/index.ts'),
      'perfgate/testing': entry('./core/testing/index.ts'),
    },
  },
})
