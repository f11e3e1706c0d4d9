import { isAbsolute, resolve } from 'node:path'
import { DEFAULT_COMPARE, DEFAULT_SAMPLING_PLAN } from '../compare/index.js'
import { PerfgateError } from '../model/errors.js'
import type { PerfgatePlugin } from '../model/types.js'
import type { NamedRef, Preset, ResolvedBudget, ResolvedConfig, UserConfig } from './types.js'

export const DEFAULT_TIMEOUT_MS = 10 * 60_000
/** Wall time the A/B rounds may take before sampling stops undecided. */
export const DEFAULT_AB_BUDGET_MS = 10 * 60_000
export const DEFAULT_OUT_DIR = '.perfgate'
export const DEFAULT_BASELINE_BRANCH = 'perfgate-baselines'

/** Built-in plugin and preset factories by name, for configs that name them (`"host"`, `["spa", {…}]`). */
export interface Registry {
  plugins(): Promise<Record<string, unknown>>
  presets(): Promise<Record<string, unknown>>
}

export interface ResolveContext {
  root: string
  configFile: string | null
  /** Handed in by the CLI: core never imports plugins itself. */
  registry?: Registry
}

/** UserConfig in, ResolvedConfig out: presets expanded, defaults filled, paths made absolute. */
export async function resolveConfig(user: UserConfig, context: ResolveContext): Promise<ResolvedConfig> {
  const presets: Preset[] = []
  for (const [index, entry] of (user.presets ?? []).entries()) {
    if (!entry) continue
    presets.push(isNamedRef(entry) ? await namedPreset(entry, `presets[${index}]`, context.registry) : entry)
  }
  const own: PerfgatePlugin[] = []
  for (const [index, entry] of (user.plugins ?? []).entries()) {
    if (!entry) continue
    if (isNamedRef(entry)) own.push(await namedPlugin(entry, `plugins[${index}]`, context.registry))
    else own.push(...(Array.isArray(entry) ? entry : [entry]))
  }
  // A plugin configured by the user replaces a preset's plugin of the same name.
  const ownNames = new Set(own.map((p) => p.name))
  const fromPresets = presets.flatMap((p) => p.plugins).filter((p) => !ownNames.has(p.name))
  const plugins = dedupeByName([...fromPresets, ...own])

  const budgets = new Map<string, ResolvedBudget>()
  for (const preset of presets)
    for (const [pattern, { absolute: _, ...b }] of Object.entries(preset.budgets ?? {}))
      budgets.set(pattern, { pattern, ...b, source: `preset:${preset.name}` })
  // Only the config's own budgets can be absolute: a preset's default always judges the change.
  for (const [pattern, { absolute, ...b }] of Object.entries(user.budgets ?? {})) {
    const strict = absolute ?? user.budgetMode === 'absolute'
    budgets.set(pattern, { pattern, ...b, source: 'config', ...(strict ? { absolute: true } : {}) })
  }

  const compare = user.compare ?? {}
  return {
    root: context.root,
    configFile: context.configFile,
    plugins,
    budgets: [...budgets.values()],
    baseline: {
      store: user.baseline?.store ?? 'git',
      branch: user.baseline?.branch ?? DEFAULT_BASELINE_BRANCH,
      remote: user.baseline?.remote ?? 'origin',
      dir: absolute(context.root, user.baseline?.dir ?? '.perfgate/baselines'),
      base: user.baseline?.base ?? null,
      required: user.baseline?.required ?? false,
    },
    compare: {
      threshold: { ...DEFAULT_COMPARE.threshold, ...compare.threshold },
      // What a glob leaves out is inherited per kind of metric (threshold or minEffect): see thresholds.ts.
      // The last glob that matches wins: the presets' first, then the config's own.
      thresholds: [...presets.map((p) => p.thresholds ?? {}), compare.thresholds ?? {}].flatMap((entries) =>
        Object.entries(entries).map(([pattern, t]) => ({
          pattern,
          ...(t.rel !== undefined ? { rel: t.rel } : {}),
          ...(t.abs !== undefined ? { abs: t.abs } : {}),
        })),
      ),
      minEffect: compare.minEffect ?? DEFAULT_COMPARE.minEffect,
      alpha: compare.alpha ?? DEFAULT_COMPARE.alpha,
      history: compare.history ?? DEFAULT_COMPARE.history,
      sizeFloor: compare.sizeFloor ?? DEFAULT_COMPARE.sizeFloor,
      roles: Object.entries(compare.roles ?? {}).map(([pattern, role]) => ({ pattern, role })),
    },
    ab: {
      build: user.ab?.build ?? null,
      plan: user.ab?.plan ?? { ...DEFAULT_SAMPLING_PLAN },
      budgetMs: user.ab?.budgetMs ?? DEFAULT_AB_BUDGET_MS,
    },
    failOn: user.failOn ?? 'regression',
    outDir: absolute(context.root, user.outDir ?? DEFAULT_OUT_DIR),
    timeout: user.timeout ?? DEFAULT_TIMEOUT_MS,
    redact: user.redact ?? [],
  }
}

function absolute(root: string, path: string) {
  return isAbsolute(path) ? path : resolve(root, path)
}

function isNamedRef(entry: unknown): entry is NamedRef {
  return typeof entry === 'string' || (Array.isArray(entry) && typeof entry[0] === 'string')
}

/** Two plugins of one name would write the same metric ids; keep the last, as Vite does for duplicates. */
function dedupeByName(plugins: PerfgatePlugin[]): PerfgatePlugin[] {
  const byName = new Map<string, PerfgatePlugin>()
  for (const plugin of plugins) {
    byName.delete(plugin.name)
    byName.set(plugin.name, plugin)
  }
  return [...byName.values()]
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

function noRegistry(where: string, name: string): never {
  throw new PerfgateError(
    'CONFIG_INVALID',
    `${where}: "${name}" names a built-in, but no registry was given.`,
    {
      hint: 'Run through the perfgate CLI, or import the plugin or preset and pass it instead of its name.',
    },
  )
}

async function namedPlugin(ref: NamedRef, where: string, from?: Registry): Promise<PerfgatePlugin> {
  const [name, options] = typeof ref === 'string' ? [ref, {}] : ref
  const registry = from ? await from.plugins() : noRegistry(where, name)
  const factory = registry[`${camel(name)}Plugin`]
  if (typeof factory !== 'function') {
    const known = Object.keys(registry)
      .filter((k) => k.endsWith('Plugin'))
      .map((k) => k.slice(0, -'Plugin'.length).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))
    throw new PerfgateError('CONFIG_INVALID', `${where}: unknown plugin "${name}".`, {
      hint: `Built-in plugins: ${known.join(', ')}. Custom plugins need a .ts/.js config that imports them.`,
    })
  }
  return factory(options) as PerfgatePlugin
}

async function namedPreset(ref: NamedRef, where: string, from?: Registry): Promise<Preset> {
  const [name, options] = typeof ref === 'string' ? [ref, {}] : ref
  const registry = from ? await from.presets() : noRegistry(where, name)
  const factory = registry[camel(name)]
  if (typeof factory !== 'function')
    throw new PerfgateError('CONFIG_INVALID', `${where}: unknown preset "${name}".`, {
      hint: `Presets: ${Object.keys(registry).join(', ')}.`,
    })
  return factory(options) as Preset
}
