import { relative } from 'node:path'
import type { Logger } from '../../model/types.js'
import type { RunOptions } from '../../run/run.js'
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
  shard?: string
  failOn?: string
  publish?: boolean
  json?: boolean
  debug?: boolean
}

export async function runCommand(flags: RunFlags, logger: Logger): Promise<number> {
  const controller = new AbortController()
  const interrupt = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130) // a second Ctrl-C: leave now
    logger.warn(
      `${signal}: stopping the running plugin and writing a partial report… (press again to quit at once)`,
    )
    controller.abort(new Error(signal))
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  try {
    const [{ run }, { renderConsole, renderJson }, { isInteractive }] = await Promise.all([
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
      shard: flags.shard === undefined ? undefined : String(flags.shard),
      failOn: flags.failOn === undefined ? undefined : (String(flags.failOn) as RunOptions['failOn']),
      logger,
      signal: controller.signal,
      registry: builtinRegistry,
    }
    const result = await run(options)
    if (flags.json) process.stdout.write(renderJson(result.report))
    else process.stdout.write(`${renderConsole(result.report, { color: isInteractive(process.stdout) })}\n`)
    if (flags.debug)
      for (const { plugin, error } of result.errors) logger.debug(`${plugin}: ${stackOf(error)}`)
    if (result.files)
      logger.info(`Report written to ${relative(process.cwd(), result.files.json) || result.files.json}`)
    if (flags.publish && !controller.signal.aborted) {
      const { publishReport } = await import('../../github/index.js')
      // A publishing failure throws (exit 3); a fork's read-only token is a skip, not a failure.
      await publishReport(result.report, {
        cwd: process.cwd(),
        configFile: result.config.configFile,
        logger,
        reportPath: result.files?.json,
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
