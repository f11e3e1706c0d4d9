import { mkdtemp, rm, stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import type { Registry } from '../config/resolve.js'
import type { ResolvedConfig } from '../config/types.js'
import { errorMessage, isPerfgateError } from '../model/errors.js'
import type { CheckResult } from './types.js'

/** Loads the config as `perfgate run` would and says what it measures; a config that measures nothing fails. */
export async function configCheck(options: {
  cwd: string
  configFile?: string
  registry?: Registry
}): Promise<{ result: CheckResult; config: ResolvedConfig | null }> {
  const { loadConfig } = await import('../config/load.js')
  try {
    const config = await loadConfig(options)
    const file = config.configFile
      ? relative(options.cwd, config.configFile) || config.configFile
      : '(inline)'
    const names = config.plugins.map((p) => p.name.replace(/^perfgate:/, ''))
    if (names.length === 0)
      return {
        config,
        result: {
          name: 'config',
          status: 'fail',
          config: true,
          message: `${file} loads but measures nothing (no plugins)`,
          fix: 'add a preset (`presets: [recommended()]`) or plugins; `perfgate init` writes a starter config',
        },
      }
    return {
      config,
      result: {
        name: 'config',
        status: 'ok',
        message: `${file}: ${names.length} plugin${names.length > 1 ? 's' : ''} (${names.join(', ')}), ${config.budgets.length} budget${config.budgets.length === 1 ? '' : 's'}`,
      },
    }
  } catch (error) {
    const [first, ...rest] = errorMessage(error).split('\n')
    const detail = rest
      .map((l) => l.trim())
      .filter(Boolean)
      .join('; ')
    return {
      config: null,
      result: {
        name: 'config',
        status: 'fail',
        config: true,
        message: detail ? `${first.replace(/:$/, '')}: ${detail}` : first,
        fix: (isPerfgateError(error) && error.hint) || 'fix the config file',
      },
    }
  }
}

/** The output folder exists and is writable, or could be created (its nearest existing parent is writable). */
export async function outputCheck(outDir: string, cwd: string): Promise<CheckResult> {
  const shown = relative(cwd, outDir) || outDir
  let dir = outDir
  for (;;) {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error)
    if (!(info instanceof Error)) {
      if (!info.isDirectory())
        return {
          name: 'output',
          status: 'fail',
          message: `cannot create ${shown}: ${dir} is a file`,
          fix: 'choose another folder with `outDir` in the config (or --out)',
        }
      // Try it (a folder made and removed at once): access() says yes to root even on /proc.
      const writable = await mkdtemp(join(dir, '.perfgate-doctor-')).then(
        (probe) => rm(probe, { recursive: true, force: true }).then(() => null),
        (error: unknown) => errorMessage(error),
      )
      if (writable)
        return {
          name: 'output',
          status: 'fail',
          message: `${dir} is not writable: ${writable}`,
          fix: 'fix its permissions, or choose another folder with `outDir` in the config (or --out)',
        }
      return {
        name: 'output',
        status: 'ok',
        message: dir === outDir ? `${shown} writable` : `${shown} can be created`,
      }
    }
    const parent = dirname(dir)
    if ((info.code !== 'ENOENT' && info.code !== 'ENOTDIR') || parent === dir)
      return {
        name: 'output',
        status: 'fail',
        message: `cannot use ${shown}: ${info.message}`,
        fix: 'choose another folder with `outDir` in the config (or --out)',
      }
    dir = parent
  }
}
