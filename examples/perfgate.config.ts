// The demo's config: `npm run demo` runs perfgate with it on the example app and API.
// Paths are relative to this folder (examples/).
import { defineConfig } from 'perfgate'
import {
  benchPlugin,
  bundlePlugin,
  hostPlugin,
  lighthousePlugin,
  serviceWorkerPlugin,
} from 'perfgate/plugins'
import { recommended } from 'perfgate/presets'

const api = process.env.PERFGATE_DEMO_API

export default defineConfig({
  presets: [recommended()],
  plugins: [
    hostPlugin({
      sampleMs: 500,
      services: api ? [{ name: 'example-api', url: `${api}/health` }] : [],
    }),
    bundlePlugin({
      dir: 'spa/dist',
      viteData: 'spa/.perfgate/bundle.json',
      buildCommand: 'vite build examples/spa',
    }),
    lighthousePlugin({ staticDistDir: 'spa/dist', spa: true, runs: 3 }),
    // The worker `vite build` generated (serviceWorker() in spa/vite.config.ts), checked as built.
    serviceWorkerPlugin({ dir: 'spa/dist', mode: 'check', api: ['/api/'] }),
    benchPlugin({
      files: 'spa/bench/*.bench.ts',
      runs: 6,
      time: 200,
      http: {
        command: ['node', 'api/server.mjs'],
        readyPath: '/health',
        runs: 3,
        warmup: 1,
        scenarios: [
          { name: 'health', path: '/health', duration: 2 },
          { name: 'list items', path: '/api/items?limit=20', duration: 2 },
          { name: 'echo', method: 'POST', path: '/api/echo', body: { hello: 'world' }, duration: 2 },
        ],
      },
    }),
  ],
})
