import { fileURLToPath } from 'node:url'
import perfgate, { serviceWorker } from 'perfgate/vite'
import { defineConfig } from 'vite'

// The example app perfgate's demo measures. `vite build examples/spa` writes examples/spa/dist, prints
// perfgate's size table and writes examples/spa/.perfgate/bundle.json for `perfgate run`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    perfgate({ budgets: { 'bundle/initial-js/gzip': { max: 500_000 } } }),
    // Static assets cache-first, the API network-first, index.html as the offline fallback.
    serviceWorker({ api: ['/api/'], skipWaiting: true, clientsClaim: true }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
