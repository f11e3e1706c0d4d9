import { relative } from 'node:path'
import { PerfgateError } from '../../model/errors.js'
import type { Logger } from '../../model/types.js'
import type { RunOptions, RunResult } from '../../run/run.js'
import type { SaveCheckOptions } from '../../run/save-checks.js'
import { builtinRegistry } from '../registry.js'

export interface RunFlags {
  config?: string
  only?: string | string[]
  out?: string | number
  base?: string | number
  compare?: boolean
  saveBaseline?: boolean
  allowPartial?: boolean
  requireBaseline?: boolean
  shard?: string
  /** `--ab` (true) or `--ab REF`. */
  ab?: boolean | string | number
  abDir?: string | number
  failOn?: string
  publish?: boolean
  json?: boolean
  sarif?: string
  verbose?: boolean
  debug?: boolean
}

/** `--ab-dir DIR` or `--ab [REF]`; both at once is a usage error. */
function abOption(flags: RunFlags): Pick<RunOptions, 'ab'> {
  if (flags.abDir !== undefined && flags.ab !== undefined && flags.ab !== false)
    throw new PerfgateError('USAGE', '--ab and --ab-dir both given: choose one base.', {
      hint: '--ab-dir DIR uses a built checkout; --ab [REF] makes and builds one.',
    })
  if (flags.abDir !== undefined) {
    if (flags.abDir === '' || typeof flags.abDir === 'boolean')
      throw new PerfgateError('USAGE', '--ab-dir needs a folder.')
    return { ab: { dir: String(flags.abDir) } }
  }
  if (flags.ab === undefined || flags.ab === false) return {}
  return { ab: { ref: flags.ab === true || flags.ab === '' ? null : String(flags.ab) } }
}

export async function runCommand(flags: RunFlags, logger: Logger): Promise<number> {
  const controller = new AbortController()
  // GitHub cancels with SIGINT, then SIGTERM 7.5 s later; people press Ctrl-C twice. Neither may cost
  // the partial report: the first signal stops the running plugin and every child (SIGTERM, SIGKILL after
  // a short deadline), the second kills the children at once, only a third quits without a report.
  const { killAllChildren, terminateAllChildren } = await import('../../run/children.js')
  let signals = 0
  const interrupt = (signal: NodeJS.Signals) => {
    signals++
    if (signals === 1) {
      logger.warn(`${signal}: stopping the running plugin and writing a partial report…`)
      controller.abort(new Error(signal))
      void terminateAllChildren()
    } else if (signals === 2) {
      logger.warn(`${signal}: children killed; still writing the partial report (once more to quit at once)`)
      killAllChildren()
    } else {
      killAllChildren()
      process.exit(130)
    }
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  try {
    const [{ run }, { outputWidth, renderConsole, renderJson }, { isInteractive }] = await Promise.all([
      import('../../run/run.js'),
      import('../../report/index.js'),
      import('../../report/logger.js'),
    ])
    const options: RunOptions & SaveCheckOptions = {
      config: flags.config,
      only: list(flags.only),
      outDir: flags.out === undefined ? undefined : String(flags.out),
      base: flags.base === undefined ? undefined : String(flags.base),
      compare: flags.compare !== false,
      saveBaseline: Boolean(flags.saveBaseline),
      allowPartial: Boolean(flags.allowPartial),
      requireBaseline: Boolean(flags.requireBaseline),
      shard: flags.shard === undefined ? undefined : String(flags.shard),
      failOn: flags.failOn === undefined ? undefined : (String(flags.failOn) as RunOptions['failOn']),
      ...abOption(flags),
      logger,
      signal: controller.signal,
      registry: builtinRegistry,
    }
    const result = await run(options)
    if (flags.json) process.stdout.write(renderJson(result.report))
    else {
      // A terminal's width, else COLUMNS, else a CI log's: nothing cut.
      const tty = isInteractive(process.stdout)
      const width = outputWidth(process.stdout, process.env)
      process.stdout.write(`${renderConsole(result.report, { color: tty, width, verbose: flags.verbose })}\n`)
    }
    if (flags.debug)
      for (const { plugin, error } of result.errors) logger.debug(`${plugin}: ${stackOf(error)}`)
    if (result.files)
      logger.info(`Report written to ${relative(process.cwd(), result.files.json) || result.files.json}`)
    if (flags.sarif) await writeSarif(String(flags.sarif), result, logger)
    if (flags.publish && !controller.signal.aborted) {
      const { publishReport } = await import('../../github/index.js')
      // A publishing failure throws (exit 3); a fork's read-only token is a skip, not a failure.
      await publishReport(result.report, {
        cwd: process.cwd(),
        configFile: result.config.configFile,
        logger,
        reportPath: result.files?.json,
        // stdout is the JSON's: the runner reads workflow commands (masks, annotations) from stderr too.
        ...(flags.json ? { stdout: (text: string) => process.stderr.write(text) } : {}),
      })
    }
    return result.exitCode
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}

function list(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean)
}

function stackOf(error: unknown) {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

/**
 * `--sarif FILE`: the run's findings for GitHub code scanning, paths relative to the repository. Its
 * folder is created when missing (as `--out`'s is): the run has measured by now, and must not fail on it.
 */
async function writeSarif(file: string, result: RunResult, logger: Logger): Promise<void> {
  const [{ dirname, resolve }, { writeFileAtomic }, { mkdirp }, { renderSarifFor }] = await Promise.all([
    import('node:path'),
    import('../../report/atomic-write.js'),
    import('../../report/mkdirp.js'),
    import('./sarif.js'),
  ])
  const sarif = await renderSarifFor(result.report, result.config, result.config.root, logger)
  const path = resolve(file)
  try {
    await mkdirp(dirname(path))
    await writeFileAtomic(path, sarif)
  } catch (error) {
    throw new PerfgateError(
      'OUTPUT_UNWRITABLE',
      `Cannot write the SARIF file ${file}: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'Give --sarif a path in a folder you can write to.',
      },
    )
  }
  logger.info(
    `SARIF written to ${relative(process.cwd(), path) || path} (${result.report.findings.length} finding(s))`,
  )
}
