// A third-party plugin as the README's "Writing a plugin" describes it: only `perfgate/toolkit`
// (definePlugin, the options schema's zod) and, in its test, `perfgate/testing`.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants } from 'node:zlib'
import { definePlugin, z } from 'perfgate/toolkit'

const compress = promisify(brotliCompress)

const options = z.strictObject({
  /** Files to measure: a name (it names the metrics) and a path relative to the config file. */
  files: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and -'),
        path: z.string().min(1),
      }),
    )
    .min(1, 'list at least one file'),
})

export type FileSizesOptions = z.input<typeof options>

/** Raw and brotli size of each listed file: `file-sizes/<name>/raw` and `…/brotli`. */
export const fileSizesPlugin = definePlugin({
  meta: {
    // Third-party plugins are named outside `perfgate:`.
    name: 'file-sizes',
    docs: 'https://github.com/perfgate/perfgate/blob/main/examples/plugin-file-sizes/README.md',
    rules: { 'file-sizes/missing': { description: 'A listed file does not exist: was the build run?' } },
  },
  schema: options,
  create: ({ files }) => ({
    async collect(ctx) {
      const metrics = []
      const findings = []
      for (const file of files) {
        ctx.signal.throwIfAborted()
        ctx.progress.update(file.path)
        let content: Buffer
        try {
          content = await readFile(resolve(ctx.cwd, file.path))
        } catch {
          findings.push({
            ruleId: 'file-sizes/missing',
            severity: 'error' as const,
            message: `${file.path} (${file.name}) does not exist.`,
            file: file.path,
            help: 'Run the build first, or fix the path in fileSizesPlugin({ files }).',
          })
          continue
        }
        const brotli = await compress(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
        const common = { unit: 'bytes' as const, better: 'lower' as const }
        metrics.push(
          {
            ...common,
            id: `file-sizes/${file.name}/brotli`,
            title: `${file.name} (brotli -11)`,
            value: brotli.length,
          },
          // Diagnosis only: the brotli figure gates.
          {
            ...common,
            id: `file-sizes/${file.name}/raw`,
            title: `${file.name} (raw)`,
            value: content.length,
            role: 'detail' as const,
          },
        )
      }
      return { metrics, findings }
    },
  }),
})
