import { cac } from 'cac'
import type { Logger } from '../model/types.js'

/** Flags every command accepts. */
export interface GlobalFlags {
  debug?: boolean
  json?: boolean
}

type Action = (logger: Logger) => Promise<number>

/** Parses argv and runs one command; returns the exit code. Heavy modules load only inside commands. */
export async function main(argv: string[]): Promise<number> {
  const cli = cac('perfgate')
  let action: { run: Action; flags: GlobalFlags } | null = null
  const use = (flags: GlobalFlags, run: Action) => {
    action = { run, flags }
  }

  cli
    .command('run', 'Measure the project, compare with the baseline, and report')
    .option('--config <file>', 'Config file (default: perfgate.config.* found upward)')
    .option('--only <plugins>', 'Run only these plugins, comma-separated (e.g. host,bundle)')
    .option('--out <dir>', 'Output folder (default: .perfgate)')
    .option('--base <ref>', 'Branch or ref to compare against')
    .option('--no-compare', 'Skip the baseline comparison')
    .option('--save-baseline', 'Store this run as the baseline of its commit')
    .option('--shard <i/n>', 'Run shard I of N of the plugins’ work')
    .option('--json', 'Print the report as JSON on stdout')
    .option('--debug', 'Verbose logs and stack traces')
    .example('perfgate run --only host --json')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/run.js')).runCommand(flags, logger)),
    )

  cli
    .command('init', 'Write a starter perfgate.config.ts for this project')
    .option('--force', 'Overwrite an existing config')
    .option('--debug', 'Stack traces on errors')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/init.js')).initCommand(flags, logger)),
    )

  cli.help()
  cli.version(await version())

  const debug = argv.includes('--debug')
  const { createLogger } = await import('../report/logger.js')
  const logger = createLogger({ level: debug ? 'debug' : 'info' })
  try {
    cli.parse(argv, { run: false })
    if (cli.options.help || cli.options.version) return 0
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) throw new UsageError(`Unknown command "${cli.args[0]}".`)
      cli.outputHelp()
      return 2
    }
    await cli.runMatchedCommand()
    const chosen = action as { run: Action; flags: GlobalFlags } | null
    if (!chosen) return 0
    return await chosen.run(logger)
  } catch (error) {
    return (await import('./errors.js')).reportError(error, logger, debug)
  }
}

class UsageError extends Error {
  override name = 'CACError'
}

async function version(): Promise<string> {
  const { toolVersion } = await import('../model/version.js')
  return toolVersion()
}
