import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { errorMessage, PerfgateError } from '../model/errors.js'
import { formatIssuePath } from '../model/schema.js'
import { CONFIG_NAMES, configSearchDirs, findConfigFile } from './find.js'
import { type Registry, resolveConfig } from './resolve.js'
import { userConfigSchema } from './schema.js'
import type { ResolvedConfig, UserConfig } from './types.js'

export interface LoadConfigOptions {
  cwd?: string
  /** Explicit config file (`--config`); relative to cwd. */
  configFile?: string
  /** Applied on top of the file, e.g. `outDir` from `--out`. */
  overrides?: Partial<UserConfig>
  /** Built-in plugins and presets for configs that name them (the CLI passes its own). */
  registry?: Registry
  /**
   * Accept a project without a config file (then the defaults apply). Only for commands that work on
   * report files (`compare`, `merge`): a run without a config would measure nothing and pass silently.
   */
  optional?: boolean
}

/** Finds, loads, validates and resolves the config: the one way a ResolvedConfig is made from files. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd())
  const file = options.configFile ? resolve(cwd, options.configFile) : findConfigFile(cwd)
  if (options.configFile && file && !existsSync(file))
    throw new PerfgateError('CONFIG_NOT_FOUND', `Config file not found: ${file} (from --config).`, {
      hint: 'Check the path, or run `perfgate init` to write a starter config.',
    })
  if (!file && !options.optional) throw configNotFound(cwd)
  const raw = file ? await importConfigFile(file) : {}
  const user = validateUserConfig(raw, file ? relative(cwd, file) || file : '(no config file)')
  return resolveConfig(
    { ...user, ...options.overrides },
    { root: file ? dirname(file) : cwd, configFile: file, registry: options.registry },
  )
}

/** No config anywhere perfgate looks: say where it looked and how to make one (exit 2). */
export function configNotFound(cwd: string): PerfgateError {
  const { dirs, gitRoot } = configSearchDirs(cwd)
  const names = `perfgate.config.{${CONFIG_NAMES.map((n) => n.slice('perfgate.config.'.length)).join(',')}}`
  const where = dirs.map((dir) => (dir === gitRoot ? `${dir} (the git root)` : dir))
  const shown = where.length > 8 ? [...where.slice(0, 3), '…', ...where.slice(-3)] : where
  return new PerfgateError(
    'CONFIG_NOT_FOUND',
    `No perfgate config found: looked for ${names} in ${shown.join(', ')}${gitRoot ? '' : ' (not in a git repository: searched up to the file-system root)'}.`,
    {
      hint: `Run \`perfgate init\` in ${cwd} to write a starter config, or point to one with --config <file>.`,
    },
  )
}

export async function importConfigFile(file: string): Promise<unknown> {
  const where = relative(process.cwd(), file) || file
  let loaded: { value: unknown; exported: boolean | null }
  try {
    if (file.endsWith('.json')) loaded = { value: JSON.parse(await readFile(file, 'utf8')), exported: null }
    else {
      let mod: unknown
      if (file.endsWith('.ts') || file.endsWith('.mts')) mod = await importTypeScript(file)
      else mod = await import(`${pathToFileURL(file).href}?t=${Date.now()}`)
      // Awaited here, inside the try: a default export that is a rejected promise is the config's error
      // (exit 2 with the hint below), not an unexpected one.
      const exported = isObject(mod) && 'default' in mod
      const value = exported ? (mod as { default: unknown }).default : mod
      loaded = { value: isThenable(value) ? await value : value, exported }
    }
  } catch (error) {
    // A plugin or preset factory rejected its options while the config was evaluated: already precise.
    if (error instanceof PerfgateError && error.code === 'CONFIG_INVALID')
      throw new PerfgateError('CONFIG_INVALID', `${where}: ${error.message}`, {
        cause: error,
        hint: error.hint,
      })
    throw new PerfgateError('CONFIG_LOAD', `Could not load config ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Fix the error in the config file; it must export default defineConfig({ ... }).',
    })
  }
  return configObject(loaded.value, loaded.exported, where)
}

/**
 * A TypeScript config through jiti, as `{ default }` when it has a default export. jiti wraps the module
 * in an interop proxy that answers `default` with the module itself when the default export is null or
 * undefined, and that cannot even be awaited when it is null (a TypeError reading `then`): both cases
 * are turned back into what the file exports, so the message can name it.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const { createJiti } = await import('jiti')
  const load = (interopDefault: boolean) =>
    createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault }).import(file)
  let mod: unknown
  try {
    mod = await load(true)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    const plain = await load(false).catch(() => null)
    if (isObject(plain) && 'default' in plain && plain.default === null) return { default: null }
    throw error
  }
  if (!isObject(mod) || !('default' in mod)) return mod
  const value = (mod as { default: unknown }).default
  const nullish = isObject(value) && 'default' in value && (value as { default: unknown }).default == null
  return { default: nullish ? (value as { default: unknown }).default : value }
}

const isObject = (value: unknown): value is object =>
  (typeof value === 'object' || typeof value === 'function') && value !== null

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  isObject(value) && typeof (value as { then?: unknown }).then === 'function'

/**
 * The config object itself, or an error that says what the file gave instead: `export default null`
 * must not read as `unknown option "default"` (the module namespace validated in its place).
 * `exported`: whether the module has a default export; null for JSON.
 */
function configObject(value: unknown, exported: boolean | null, where: string): unknown {
  const hint =
    exported === null
      ? 'A JSON config is one object, e.g. { "plugins": ["host"] }.'
      : 'Export the config object: export default defineConfig({ plugins: [ … ] }).'
  if (exported === false)
    throw new PerfgateError('CONFIG_INVALID', `${where} has no default export, so it holds no config.`, {
      hint,
    })
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value
  const what =
    value === null
      ? 'null'
      : value === undefined
        ? 'undefined'
        : Array.isArray(value)
          ? 'an array'
          : `a ${typeof value}`
  throw new PerfgateError(
    'CONFIG_INVALID',
    `${where}: ${exported === null ? 'the file holds' : 'the default export is'} ${what}, not a config object.`,
    { hint },
  )
}

export function validateUserConfig(raw: unknown, where: string): UserConfig {
  const parsed = userConfigSchema.safeParse(raw)
  if (parsed.success) return parsed.data as UserConfig
  const lines = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = formatIssuePath(issue.path)
    if (issue.code === 'unrecognized_keys')
      return `  ${path === '(root)' ? '' : `${path}: `}unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    return `  ${path}: ${issue.message}`
  })
  throw new PerfgateError('CONFIG_INVALID', `Invalid config in ${where}:\n${lines.join('\n')}`, {
    hint: 'See "Configuration" in the perfgate README for every option and its type.',
  })
}
