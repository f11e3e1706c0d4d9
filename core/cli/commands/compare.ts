import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

export interface CompareFlags {
  config?: string
  base?: string
  json?: boolean
}

export async function compareCommand(
  current: string,
  baseline: string | undefined,
  flags: CompareFlags,
  logger: Logger,
) {
  const [{ loadConfig }, { compareFiles }, { outputWidth, renderConsole, renderJson }] = await Promise.all([
    import('../../config/load.js'),
    import('../../run/compare-files.js'),
    import('../../report/index.js'),
  ])
  const config = await loadConfig({
    configFile: flags.config,
    registry: builtinRegistry,
    optional: true, // report files in, report out: the defaults are enough
  })
  const result = await compareFiles({ config, logger, current, baseline, base: flags.base })
  process.stdout.write(
    flags.json
      ? renderJson(result.report)
      : `${renderConsole(result.report, { width: outputWidth(process.stdout, process.env) })}\n`,
  )
  return result.exitCode
}
