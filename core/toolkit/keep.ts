import type { KeepContext, KeptResource, PluginContext } from '../model/types.js'

/**
 * A resource for this call, kept across calls when the plugin is called again in this run: in an A/B
 * round (`ctx.samples` set) through `ctx.keep`, so the side's later rounds reuse it and core disposes it
 * at the end of the run; otherwise started for this call alone, its `dispose` pushed on `cleanups` for
 * the caller's `finally`.
 */
export async function keepAcrossRounds<T>(
  ctx: Pick<PluginContext, 'samples' | 'keep' | 'signal' | 'track'>,
  key: string,
  create: (ctx: KeepContext) => Promise<KeptResource<T>>,
  cleanups: Array<() => Promise<void>>,
): Promise<T> {
  if (ctx.samples !== undefined) return ctx.keep(key, create)
  const { value, dispose } = await create({ signal: ctx.signal, track: ctx.track })
  cleanups.push(async () => {
    await dispose()
  })
  return value
}
