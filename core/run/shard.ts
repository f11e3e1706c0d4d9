import { PerfgateError } from '../model/errors.js'
import type { ShardInfo } from '../model/types.js'

/** "2/3" → { index: 2, total: 3 } */
export function parseShard(text: string): ShardInfo {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = match ? Number(match[1]) : Number.NaN
  const total = match ? Number(match[2]) : Number.NaN
  if (!match || total < 1 || index < 1 || index > total)
    throw new PerfgateError(
      'USAGE',
      `Invalid --shard "${text}": expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/3.`,
    )
  return { index, total }
}

export interface PluginUnits {
  plugin: string
  /** Declared units, or null when the plugin is one indivisible unit. */
  units: string[] | null
}

export interface ShardPlan {
  /** Units of this plugin in this shard; null = run it whole; [] = not in this shard. */
  assigned: Map<string, string[] | null>
}

/**
 * Deals every unit of every plugin round-robin over the shards, in sorted order: deterministic on
 * every machine, and balanced by count. A plugin without units is one unit.
 */
export function planShards(plugins: PluginUnits[], shard: ShardInfo): ShardPlan {
  const keys: Array<{ plugin: string; unit: string | null; key: string }> = []
  for (const { plugin, units } of plugins) {
    if (units === null) keys.push({ plugin, unit: null, key: plugin })
    else for (const unit of new Set(units)) keys.push({ plugin, unit, key: `${plugin}\u0000${unit}` })
  }
  keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const assigned = new Map<string, string[] | null>()
  for (const { plugin, units } of plugins) assigned.set(plugin, units === null ? [] : [])
  keys.forEach(({ plugin, unit }, i) => {
    if ((i % shard.total) + 1 !== shard.index) return
    if (unit === null) assigned.set(plugin, null)
    else (assigned.get(plugin) as string[]).push(unit)
  })
  return { assigned }
}
