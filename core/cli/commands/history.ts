import { join, relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../../config/types.js'
import { PerfgateError } from '../../model/errors.js'
import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

export interface HistoryFlags {
  config?: string
  out?: string
  metrics?: string | string[]
  last?: number | string
  base?: string
  report?: string
  publish?: string
  publishDir?: string
}

/** `perfgate history`: a static dashboard of the base branch's stored records. */
export async function historyCommand(flags: HistoryFlags, logger: Logger): Promise<number> {
  const last = flags.last === undefined ? undefined : Number(flags.last)
  if (last !== undefined && (!Number.isInteger(last) || last < 1))
    throw new PerfgateError(
      'USAGE',
      `--last must be a whole number of records, 1 or more (got ${flags.last}).`,
    )
  const metrics = (
    Array.isArray(flags.metrics) ? flags.metrics : flags.metrics === undefined ? [] : [flags.metrics]
  )
    .flatMap((m) => String(m).split(','))
    .map((m) => m.trim())
    .filter(Boolean)
  const [{ loadConfig }, { writeHistory }, { readReportFile }] = await Promise.all([
    import('../../config/load.js'),
    import('../../history/write.js'),
    import('../../run/files.js'),
  ])
  const config = await loadConfig({ configFile: flags.config, registry: builtinRegistry })
  const cwd = process.cwd()
  const outDir = flags.out === undefined ? join(config.outDir, 'history') : resolve(cwd, String(flags.out))
  const current = flags.report === undefined ? null : await readReportFile(resolve(cwd, String(flags.report)))
  const written = await writeHistory(config, {
    outDir,
    last,
    metrics,
    base: flags.base === undefined ? undefined : String(flags.base),
    current,
    logger,
  })
  const where = relative(cwd, written.file) || written.file
  if (written.records === 0) logger.warn(`No baseline records to chart yet; wrote ${where} saying so.`)
  else
    logger.success(
      `Wrote ${where}: ${written.records} record(s), ${written.metrics} metric(s), ${written.steps} step change(s), ${Math.round(written.bytes / 1024)} KiB.`,
    )
  if (written.notes.length > 0)
    logger.info(`${written.notes.length} note(s) about unreadable records are on the page.`)
  if (flags.publish !== undefined) await publish(config, flags, written.file, logger)
  return 0
}

async function publish(
  config: Pick<ResolvedConfig, 'root' | 'baseline'>,
  flags: HistoryFlags,
  file: string,
  logger: Logger,
): Promise<void> {
  if (typeof flags.publish !== 'string')
    throw new PerfgateError('USAGE', '--publish needs the branch to publish to.', {
      hint: 'e.g. perfgate history --publish gh-pages',
    })
  const [{ readFile }, { publishPages }, { writeOutputs }] = await Promise.all([
    import('node:fs/promises'),
    import('../../history/publish.js'),
    import('../../github/runner-files.js'),
  ])
  const published = await publishPages(config, {
    branch: flags.publish,
    dir: flags.publishDir === undefined ? undefined : String(flags.publishDir),
    html: await readFile(file, 'utf8'),
    logger,
  })
  const where = `${published.path} on branch ${flags.publish} of ${config.baseline.remote}`
  logger.success(
    published.changed ? `Published ${where}.` : `${where} is already this page; nothing to push.`,
  )
  if (published.url) logger.info(`Where GitHub Pages serves ${flags.publish}: ${published.url}`)
  if (process.env.GITHUB_OUTPUT)
    await writeOutputs(process.env.GITHUB_OUTPUT, { 'pages-url': published.url ?? '' })
}
