import { dirname, relative, resolve } from 'node:path'
import { PerfgateError } from '../../model/errors.js'
import type { Logger, RunReport } from '../../model/types.js'

export interface ReportFlags {
  format?: string
  input?: string
  out?: string
  config?: string
}

const FORMATS = ['md', 'json', 'html', 'sarif'] as const
type Format = (typeof FORMATS)[number]

/** `perfgate report`: renders a saved report.json again, as Markdown, JSON, HTML or SARIF. */
export async function reportCommand(flags: ReportFlags, logger: Logger): Promise<number> {
  const format = String(flags.format ?? 'md') as Format
  if (!FORMATS.includes(format))
    throw new PerfgateError('USAGE', `--format must be ${FORMATS.join(', ')}, not "${format}".`, {
      hint: 'e.g. `perfgate report --format html --out report.html`',
    })
  const cwd = process.cwd()
  const input = resolve(cwd, flags.input === undefined ? '.perfgate/report.json' : String(flags.input))
  const out = flags.out === undefined ? null : resolve(cwd, String(flags.out))
  const { readReportFile } = await import('../../run/files.js')
  const report = await readReportFile(input)
  // Artifact links point from where the page is written (or the cwd, for stdout) to the report's folder.
  const artifactBase = relative(out ? dirname(out) : cwd, dirname(input))
    .split('\\')
    .join('/')
  if (flags.config !== undefined && format !== 'sarif')
    logger.warn(`--config is only read for --format sarif; ${format} is rendered from the report alone.`)
  const text = await render(report, format, { artifactBase, cwd, config: flags.config, logger })
  if (!out) {
    process.stdout.write(text)
    return 0
  }
  const [{ writeFileAtomic }, { mkdirp }] = await Promise.all([
    import('../../report/atomic-write.js'),
    import('../../report/mkdirp.js'),
  ])
  try {
    await mkdirp(dirname(out))
    await writeFileAtomic(out, text)
  } catch (error) {
    throw new PerfgateError('OUTPUT_UNWRITABLE', `Cannot write ${out}: ${(error as Error).message}`, {
      cause: error,
      hint: 'Choose a file in a folder you can write to with --out FILE.',
    })
  }
  logger.success(`Wrote ${relative(cwd, out) || out} (${format}) from ${relative(cwd, input) || input}`)
  return 0
}

async function render(
  report: RunReport,
  format: Format,
  context: { artifactBase: string; cwd: string; config: string | undefined; logger: Logger },
): Promise<string> {
  if (format === 'md') return (await import('../../report/markdown.js')).renderMarkdown(report)
  if (format === 'json') return (await import('../../report/json.js')).renderJson(report)
  if (format === 'html')
    return (await import('../../report/html/report.js')).renderHtml(report, {
      artifactBase: context.artifactBase,
    })
  const [{ loadConfig }, { builtinRegistry }, { renderSarifFor }] = await Promise.all([
    import('../../config/load.js'),
    import('../registry.js'),
    import('./sarif.js'),
  ])
  // The config's rules describe the findings and its file locates those without one, as in `run --sarif`.
  const config = await loadConfig({
    cwd: context.cwd,
    ...(context.config === undefined ? {} : { configFile: String(context.config) }),
    registry: builtinRegistry,
  }).catch((error: unknown) => {
    // An explicit --config must load; a found one that cannot (its imports not installed where a
    // downloaded report is rendered) only costs the descriptions.
    if (context.config !== undefined) throw error
    const why =
      (error as PerfgateError).code === 'CONFIG_NOT_FOUND'
        ? 'No perfgate config found from here'
        : `The perfgate config could not be loaded (${(error as Error).message.split('\n')[0]})`
    context.logger.warn(
      `${why}: the SARIF rules carry only their ids, and findings without a file have no location. Run it in the project, or pass --config FILE.`,
    )
    return null
  })
  return renderSarifFor(report, config, context.cwd, context.logger)
}
