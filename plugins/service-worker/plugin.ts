import { definePlugin, docsUrl } from '../../core/toolkit/index.js'
import { collectServiceWorker } from './collect.js'
import { serviceWorkerSchema } from './options.js'
import { RULES } from './rules.js'
import { deriveUpdateCost, PLUGIN_NAME } from './update-cost.js'

/**
 * The service worker of a built folder: generated with Workbox's generateSW (or, in check mode, read from the
 * folder), its precache measured and checked, and the update cost a returning visitor pays after a change.
 */
export const serviceWorkerPlugin = definePlugin({
  meta: { name: PLUGIN_NAME, docs: docsUrl('service-worker.md'), rules: RULES },
  schema: serviceWorkerSchema,
  create(options) {
    return {
      collect: (ctx) => collectServiceWorker(options, ctx),
      derive: (current, baseline) => deriveUpdateCost(current, baseline),
    }
  },
})
