import { resolve } from 'node:path'
import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

export interface MergeFlags {
  config?: string
  out?: string
  json?: boolean
}

export async function mergeCommand(files: string[], flags: MergeFlags, logger: Logger) {
  const [{ loadConfig }, { readReportFile }, { mergeReports, missingShards }, { exitCodeFor }, report] =
    await Promise.all([
      import('../../config/load.js'),
      import('../../run/files.js'),
      import('../../run/merge.js'),
      import('../../compare/summary.js'),
      import('../../report/index.js'),
    ])
  const config = await loadConfig({
    configFile: flags.config,
    registry: builtinRegistry,
    optional: true, // report files in, report out: the defaults are enough
  })
  const reports = await Promise.all(files.map((file) => readReportFile(file)))
  const merged = mergeReports(reports, config.failOn, files)
  const gap = missingShards(reports)
  if (gap)
    logger.warn(
      `Shard${gap.missing.length > 1 ? 's' : ''} ${gap.missing.map((i) => `${i}/${gap.total}`).join(', ')} missing: the merged report lacks ${gap.missing.length > 1 ? 'their' : 'its'} work. Give every shard's report.json (did a shard job fail?).`,
    )
  const outDir = flags.out ? resolve(String(flags.out)) : config.outDir
  const written = await report.writeReports(merged, outDir)
  process.stdout.write(flags.json ? report.renderJson(merged) : `${report.renderConsole(merged)}\n`)
  logger.info(`Merged ${files.length} report(s) into ${written.json}`)
  return exitCodeFor(merged.summary)
}
