import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addPerfgateToViteConfig } from '../../../core/config/vite-config-edit.js'
import { tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function project(config: string, file = 'vite.config.ts'): string {
  const { dir, cleanup } = tempDir('perfgate-vite-edit-')
  cleanups.push(cleanup)
  writeFileSync(join(dir, file), config)
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

  it("adds a `vite` key to a Nuxt config that has none, with the data's path up from Nuxt 4's app/", async () => {
    // 0PandaDEV/Portfolio's nuxt.config.ts, shortened.
    const nuxt =
      'export default defineNuxtConfig({\n  modules: ["nuxt-simple-sitemap", "@nuxtjs/robots"],\n  devtools: { enabled: true },\n});\n'
    const dir = project(nuxt, 'nuxt.config.ts')
    const target = { file: 'nuxt.config.ts', nested: 'vite' as const, output: '../.perfgate/bundle.json' }
    expect(await addPerfgateToViteConfig(dir, target)).toEqual({ status: 'added', file: 'nuxt.config.ts' })
    expect(readFileSync(join(dir, 'nuxt.config.ts'), 'utf8')).toBe(
      `import perfgate from "perfgate/vite";\n${nuxt.replace(
        '  devtools: { enabled: true },\n',
        '  devtools: { enabled: true },\n  vite: { plugins: [perfgate({ output: "../.perfgate/bundle.json" })] },\n',
      )}`,
    )
  })

  it("appends to the plugins of an Astro config's `vite`, or adds them to it, and keeps `integrations` alone", async () => {
    const withPlugins =
      "import { defineConfig } from 'astro/config'\nimport preact from '@astrojs/preact'\n\nexport default defineConfig({\n  integrations: [preact()],\n  vite: {\n    plugins: [yaml()],\n  },\n})\n"
    const dir = project(withPlugins, 'astro.config.mjs')
    const target = { file: 'astro.config.mjs', nested: 'vite' as const }
    expect((await addPerfgateToViteConfig(dir, target)).status).toBe('added')
    expect(readFileSync(join(dir, 'astro.config.mjs'), 'utf8')).toBe(
      withPlugins
        .replace("from '@astrojs/preact'\n", "from '@astrojs/preact'\nimport perfgate from 'perfgate/vite'\n")
        .replace('plugins: [yaml()]', 'plugins: [yaml(), perfgate()]'),
    )

    const withoutPlugins =
      "import { defineConfig } from 'astro/config'\n\nexport default defineConfig({\n  site: 'https://example.com',\n  vite: {\n    build: { assetsInlineLimit: 0 },\n  },\n})\n"
    const other = project(withoutPlugins, 'astro.config.mjs')
    expect((await addPerfgateToViteConfig(other, target)).status).toBe('added')
    expect(readFileSync(join(other, 'astro.config.mjs'), 'utf8')).toBe(
      withoutPlugins
        .replace("from 'astro/config'\n", "from 'astro/config'\nimport perfgate from 'perfgate/vite'\n")
        .replace('  vite: {\n    build:', '  vite: {\n    plugins: [perfgate()],\n    build:'),
    )
  })

  it('puts the new line after a last line that ends in a comment with a comma in it (lucasKoyama/astro-tutorial)', async () => {
    const astro =
      'import { defineConfig } from "astro/config";\nimport preact from "@astrojs/preact";\n\n// https://astro.build/config\nexport default defineConfig({\n  site: "https://lucaskoyama-astronaut.netlify.app/about/",\n  integrations: [preact()],\n  prefetch: { prefetchAll: true } // Project using View Transitions make prefetch enabled by default, but I\'ve inserted this for learning purposes\n});'
    const dir = project(astro, 'astro.config.mjs')
    expect((await addPerfgateToViteConfig(dir, { file: 'astro.config.mjs', nested: 'vite' })).status).toBe(
      'added',
    )
    expect(readFileSync(join(dir, 'astro.config.mjs'), 'utf8')).toBe(
      astro
        .replace('"@astrojs/preact";\n', '"@astrojs/preact";\nimport perfgate from "perfgate/vite";\n')
        .replace('{ prefetchAll: true } //', '{ prefetchAll: true }, //')
        .replace('learning purposes\n', 'learning purposes\n  vite: { plugins: [perfgate()] }\n'),
    )
    const vite =
      "import vue from '@vitejs/plugin-vue'\nexport default {\n  plugins: [\n    vue(), // one, two\n    legacy() /* three, four */\n  ],\n}\n"
    const other = project(vite)
    expect((await addPerfgateToViteConfig(other, 'vite.config.ts')).status).toBe('added')
    expect(readFileSync(join(other, 'vite.config.ts'), 'utf8')).toBe(
      vite
        .replace("plugin-vue'\n", "plugin-vue'\nimport perfgate from 'perfgate/vite'\n")
        .replace('legacy() /* three, four */\n', 'legacy(), /* three, four */\n    perfgate()\n'),
    )
  })

  it('leaves a framework config whose `vite` is not an object literal as it was, and says why', async () => {
    const config =
      "import { defineConfig } from 'astro/config'\nimport vite from './vite.shared.js'\nexport default defineConfig({ vite })\n"
    const dir = project(config, 'astro.config.mjs')
    const edit = await addPerfgateToViteConfig(dir, { file: 'astro.config.mjs', nested: 'vite' })
    expect(edit).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/`vite` option is not an object literal/),
    })
    expect(readFileSync(join(dir, 'astro.config.mjs'), 'utf8')).toBe(config)
  })
})
