import { PerfgateError } from '../../model/errors.js'
import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

export interface BaselineFlags {
  config?: string
  report?: string
  keep?: number | string
  json?: boolean
  allowPartial?: boolean
}

const ACTIONS = ['save', 'show', 'list', 'prune']

export async function baselineCommand(
  action: string,
  ref: string | undefined,
  flags: BaselineFlags,
  logger: Logger,
) {
  if (!ACTIONS.includes(action))
    throw new PerfgateError('USAGE', `Unknown baseline action "${action}": expected ${ACTIONS.join(', ')}.`)
  // The option is checked before anything is loaded or fetched.
  const keep = Number(flags.keep)
  if (action === 'prune' && (flags.keep === undefined || !Number.isInteger(keep) || keep < 0))
    throw new PerfgateError(
      'USAGE',
      `baseline prune needs --keep N, a whole number of commits to keep (0 or more), not ${flags.keep ?? 'nothing'}.`,
      { hint: 'e.g. `perfgate baseline prune --keep 200` keeps the records of the 200 newest commits.' },
    )
  const [{ loadConfig }, { createBaselineStore }] = await Promise.all([
    import('../../config/load.js'),
    import('../../baseline/index.js'),
  ])
  const config = await loadConfig({ configFile: flags.config, registry: builtinRegistry })
  const store = createBaselineStore(config, { logger })

  if (action === 'save') {
    const { join } = await import('node:path')
    const { readReportFile } = await import('../../run/files.js')
    const { checkPartialSave } = await import('../../run/save-checks.js')
    const file = flags.report ?? join(config.outDir, 'report.json')
    const report = await readReportFile(file)
    checkPartialSave(config.plugins, report.plugins, {
      allowPartial: flags.allowPartial,
      what: `Saving ${file}, a report of ${report.plugins.map((p) => p.name.replace(/^perfgate:/, '')).join(', ') || 'no plugins'},`,
    })
    const saved = await store.save(report)
    logger.success(`Saved ${file} to ${store.describe()}: ${saved.paths.join(', ')}`)
    return 0
  }
  if (action === 'show') {
    const entry = await store.read(ref ?? 'HEAD')
    if (!entry) {
      logger.error(`No baseline record for ${ref ?? 'HEAD'} in ${store.describe()}.`)
      logger.info('List the stored records with `perfgate baseline list`.')
      return 2 // a usage error: 1 means a regression
    }
    const [{ mergeReports }, { renderConsole, renderJson }] = await Promise.all([
      import('../../run/merge.js'),
      import('../../report/index.js'),
    ])
    const report = mergeReports(entry.reports, config.failOn)
    process.stdout.write(flags.json ? renderJson(report) : `${renderConsole(report)}\n`)
    return 0
  }
  if (action === 'list') {
    const records = await store.list()
    if (flags.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`)
    else if (records.length === 0)
      logger.info(`No records in ${store.describe()} yet: save one with \`perfgate run --save-baseline\`.`)
    else
      for (const r of records)
        process.stdout.write(`${r.commit.slice(0, 12)}  ${r.createdAt ?? '-'}  ${r.paths.join(' ')}\n`)
    return 0
  }
  const { kept, removed } = await store.prune(keep)
  logger.success(`Pruned ${store.describe()}: kept ${kept} commit(s), removed ${removed}.`)
  return 0
}
