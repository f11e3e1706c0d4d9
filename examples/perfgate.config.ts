// The demo's config: `npm run demo` runs perfgate with it on the example app and API.
import { defineConfig } from 'perfgate'
import { hostPlugin } from 'perfgate/plugins'
import { recommended } from 'perfgate/presets'

const api = process.env.PERFGATE_DEMO_API

export default defineConfig({
  presets: [recommended()],
  plugins: [
    hostPlugin({
      sampleMs: 500,
      services: api ? [{ name: 'example-api', url: `${api}/health` }] : [],
    }),
  ],
})
