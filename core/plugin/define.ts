import type { z } from 'zod'
import type { BudgetInput, Preset } from '../config/types.js'
import type { PerfgatePlugin, PluginMeta } from '../model/types.js'
import { anchorOf } from './docs.js'
import { parseOptions } from './options.js'

/** What a plugin does; everything but its name and meta, which come from the definition. */
export type PluginHooks = Omit<PerfgatePlugin, 'name' | 'meta' | 'options'>

export interface PluginDefinition<S extends z.ZodType> {
  meta: PluginMeta
  /** The options, with their defaults: the one place both are declared (use `z.strictObject`). */
  schema: S
  /** Called with validated options (defaults filled) when the factory is called, i.e. at config load. */
  create(options: z.output<S>): PluginHooks
}

/** `xxxPlugin(options)`: validates options, then builds the plugin object. Carries its meta and schema. */
export type PluginFactory<S extends z.ZodType> = ((options?: z.input<S>) => PerfgatePlugin) & {
  readonly meta: PluginMeta
  readonly schema: S
}

/**
 * Defines a plugin: one options schema (validated by core with one error format: exit 2, the option's
 * path and the closest valid key), a docs URL for the plugin and each finding rule, and hooks built from
 * the validated options.
 */
export function definePlugin<S extends z.ZodType>(definition: PluginDefinition<S>): PluginFactory<S> {
  const meta = withRuleDocs(definition.meta)
  const factory = (raw?: z.input<S>): PerfgatePlugin => {
    const options = parseOptions(meta.name, definition.schema, raw, meta.docs)
    const plugin: PerfgatePlugin = { ...definition.create(options), name: meta.name, meta }
    // Not enumerable: the resolved options are for tools that inspect a config (doctor), not for spreading.
    return Object.defineProperty(plugin, 'options', { value: options, enumerable: false })
  }
  return Object.assign(factory, { meta, schema: definition.schema })
}

export interface PresetDefinition<S extends z.ZodType> {
  name: string
  /** Documentation of the preset. */
  docs: string
  schema: S
  create(options: z.output<S>): { plugins: PerfgatePlugin[]; budgets?: Record<string, BudgetInput> }
}

export type PresetFactory<S extends z.ZodType> = ((options?: z.input<S>) => Preset) & {
  readonly presetName: string
  readonly schema: S
}

/** Defines a preset: a list of plugins with options and budgets, its own options validated like a plugin's. */
export function definePreset<S extends z.ZodType>(definition: PresetDefinition<S>): PresetFactory<S> {
  const factory = (raw?: z.input<S>): Preset => {
    const options = parseOptions(`the ${definition.name} preset`, definition.schema, raw, definition.docs)
    return { name: definition.name, ...definition.create(options) }
  }
  return Object.assign(factory, { presetName: definition.name, schema: definition.schema })
}

/** Each rule without its own docs URL links to its heading in the plugin's docs page. */
function withRuleDocs(meta: PluginMeta): PluginMeta {
  if (!meta.rules) return meta
  const rules = Object.fromEntries(
    Object.entries(meta.rules).map(([id, rule]) => [
      id,
      { ...rule, docs: rule.docs ?? `${meta.docs.replace(/#.*$/, '')}#${anchorOf(id)}` },
    ]),
  )
  return { ...meta, rules }
}
