import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addPerfgateToViteConfig } from '../../../core/config/vite-config-edit.js'
import { tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function project(config: string): string {
  const { dir, cleanup } = tempDir('perfgate-vite-edit-')
  cleanups.push(cleanup)
  writeFileSync(join(dir, 'vite.config.ts'), config)
  return dir
}

const VUE_PWA = `import { fileURLToPath, URL } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// https://vitejs.dev/config/
export default defineConfig({
  plugins: [
    vue(),
    VitePWA({ registerType: "autoUpdate" }),
  ],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
});
`

describe('perfgate init adds perfgate/vite to the Vite config', () => {
  it('appends perfgate() to the plugins and imports it, keeping the rest of the file as it was', async () => {
    const dir = project(VUE_PWA)
    expect(await addPerfgateToViteConfig(dir, 'vite.config.ts')).toEqual({
      status: 'added',
      file: 'vite.config.ts',
    })
    const edited = readFileSync(join(dir, 'vite.config.ts'), 'utf8')
    // Two lines added, in the file's quotes, semicolons and layout; every other byte as it was.
    expect(edited).toBe(
      VUE_PWA.replace(
        'import { VitePWA } from "vite-plugin-pwa";\n',
        'import { VitePWA } from "vite-plugin-pwa";\nimport perfgate from "perfgate/vite";\n',
      ).replace(
        '    VitePWA({ registerType: "autoUpdate" }),\n',
        '    VitePWA({ registerType: "autoUpdate" }),\n    perfgate(),\n',
      ),
    )
    // Twice is once.
    expect(await addPerfgateToViteConfig(dir, 'vite.config.ts')).toEqual({
      status: 'present',
      file: 'vite.config.ts',
    })
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toBe(edited)
  })

  it('finds the plugins a config function returns, and a one-line list', async () => {
    const fn =
      "import { defineConfig } from 'vite'\nimport vue from '@vitejs/plugin-vue'\n\nexport default defineConfig(({ mode }) => {\n  return { plugins: [vue()], base: mode === 'x' ? '/x/' : '/' }\n})\n"
    const dir = project(fn)
    expect((await addPerfgateToViteConfig(dir, 'vite.config.ts')).status).toBe('added')
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toBe(
      fn
        .replace(
          "from '@vitejs/plugin-vue'\n",
          "from '@vitejs/plugin-vue'\nimport perfgate from 'perfgate/vite'\n",
        )
        .replace('plugins: [vue()]', 'plugins: [vue(), perfgate()]'),
    )
  })

  it('leaves a config it cannot edit as it was and says why', async () => {
    const config =
      "import { makeConfig } from './build/config'\nexport default makeConfig(process.env.MODE)\n"
    const dir = project(config)
    const edit = await addPerfgateToViteConfig(dir, 'vite.config.ts')
    expect(edit.status).toBe('failed')
    expect(edit.status === 'failed' && edit.reason).toMatch(/no `plugins: \[ … \]` list/)
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toBe(config)
  })
})
