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
  try {
    if (file.endsWith('.json')) return JSON.parse(await readFile(file, 'utf8'))
    if (file.endsWith('.ts') || file.endsWith('.mts')) {
      const { createJiti } = await import('jiti')
      const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false })
      return await jiti.import(file, { default: true })
    }
    const mod = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown }
    return mod.default ?? mod
  } catch (error) {
    // A plugin or preset factory rejected its options while the config was evaluated: already precise.
    if (error instanceof PerfgateError && error.code === 'CONFIG_INVALID')
      throw new PerfgateError(
        'CONFIG_INVALID',
        `${relative(process.cwd(), file) || file}: ${error.message}`,
        {
          cause: error,
          hint: error.hint,
        },
      )
    throw new PerfgateError('CONFIG_LOAD', `Could not load config ${file}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Fix the error in the config file; it must export default defineConfig({ ... }).',
    })
  }
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
