import { resolve } from 'node:path'
import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

export interface MergeFlags {
  config?: string
  out?: string
  json?: boolean
}

export async function mergeCommand(files: string[], flags: MergeFlags, logger: Logger) {
  const [{ loadConfig }, { readReportFile }, { mergeReports }, { exitCodeFor }, report] = await Promise.all([
    import('../../config/load.js'),
    import('../../run/files.js'),
    import('../../run/merge.js'),
    import('../../compare/summary.js'),
    import('../../report/index.js'),
  ])
  const config = await loadConfig({ configFile: flags.config, registry: builtinRegistry })
  const reports = await Promise.all(files.map((file) => readReportFile(file)))
  const merged = mergeReports(reports, config.failOn, files)
  const outDir = flags.out ? resolve(String(flags.out)) : config.outDir
  const written = await report.writeReports(merged, outDir)
  process.stdout.write(flags.json ? report.renderJson(merged) : `${report.renderConsole(merged)}\n`)
  logger.info(`Merged ${files.length} report(s) into ${written.json}`)
  return exitCodeFor(merged.summary)
}
