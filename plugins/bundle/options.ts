import { z } from 'zod'
import { FRAMEWORKS } from './routes.js'

const imageOptionsSchema = z.strictObject({
  /** Estimate with sharp what re-encoding each image would save (a finding above `threshold`). */
  analyze: z.boolean().default(true),
  /** Share of an image's bytes sharp must save to report it (0.1 = 10 %). */
  threshold: z.number().min(0).max(1).default(0.1),
  /** Re-encode emitted images in place when smaller (opt-in: it changes the folder). */
  optimize: z.boolean().default(false),
  /** Formats to analyse and optimise. Default all of png, jpeg, webp, avif. */
  formats: z.array(z.enum(['png', 'jpeg', 'webp', 'avif'])).optional(),
})

export const bundleOptionsSchema = z
  .strictObject({
    /** The built folder, relative to the config file's folder. */
    dir: z.string().min(1).default('dist'),
    /**
     * `.perfgate/bundle.json` written by `perfgate/vite` (module-level detail). Default: looked up in
     * `<cwd>/.perfgate/` and next to `dir`. `false` ignores it.
     */
    viteData: z.union([z.string().min(1), z.literal(false)]).optional(),
    /**
     * A webpack, rspack or rollup-plugin-webpack-stats stats file (module-level detail from any bundler),
     * relative to the config file's folder. Default: `webpack-stats.json` or `stats.json` in `dir`, else
     * `stats.json` in the config's folder, when no perfgate/vite data is found. `false` ignores it.
     */
    stats: z.union([z.string().min(1), z.literal(false)]).optional(),
    /**
     * Per-route initial JS and CSS (`bundle/route/<route>/…`) from the framework's route manifest and Vite's
     * client manifest. `auto` (default) reads them when a SvelteKit build output is found; `false` never.
     */
    routes: z.union([z.literal('auto'), z.literal(false), z.enum(FRAMEWORKS)]).default('auto'),
    /** Build command suggested when `dir` is missing. */
    buildCommand: z.string().min(1).default('npm run build'),
    /** The compression whose headline sizes gate (total, initial JS, initial CSS); the others are detail. */
    compression: z.enum(['brotli', 'gzip']).default('brotli'),
    /** Per-file `bundle/asset/…` metrics (detail: shown when they change, never counted). */
    perAsset: z.boolean().default(true),
    /** A dependency in the initial chunks larger than this (rendered bytes) is a finding. */
    largeDependency: z.number().positive().default(50_000),
    images: imageOptionsSchema.default({ analyze: true, threshold: 0.1, optimize: false }),
    /** Write `.br` and `.gz` next to each compressible file, for static hosts. */
    precompress: z.boolean().default(false),
    /** Cache folder for compressed sizes; `false` disables. Default `node_modules/.cache/perfgate`. */
    cache: z.union([z.string().min(1), z.literal(false)]).optional(),
    /** Worker threads for compression. Default: one per core. */
    workers: z.number().int().positive().optional(),
  })
  .superRefine((o, ctx) => {
    if (typeof o.viteData === 'string' && typeof o.stats === 'string')
      ctx.addIssue({
        code: 'custom',
        path: ['stats'],
        message:
          'give either `viteData` (perfgate/vite) or `stats` (webpack, rspack, rollup-plugin-webpack-stats), not both: module data comes from one bundler',
      })
  })

export type BundleOptions = z.input<typeof bundleOptionsSchema>
export type ResolvedBundleOptions = z.output<typeof bundleOptionsSchema>
export type ImageOptions = z.input<typeof imageOptionsSchema>
export type Compression = ResolvedBundleOptions['compression']
