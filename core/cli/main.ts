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
    .command('run', 'Measure, compare with the baseline, and report')
    .option('--config <file>', 'Config file (default: perfgate.config.* found upward)')
    .option('--only <plugins>', 'Run only these plugins, comma-separated (e.g. host,bundle)')
    .option('--out <dir>', 'Output folder (default: .perfgate)')
    .option('--base <ref>', 'Branch or ref to compare against')
    .option('--no-compare', 'Skip the baseline comparison')
    .option('--save-baseline', 'Store this run as the baseline of its commit')
    .option('--allow-partial', 'With --save-baseline --only: save just those plugins')
    .option('--require-baseline', 'Fail (exit 3) when the stored baseline cannot be read')
    .option('--shard <i/n>', 'Run shard I of N of the plugins’ work')
    .option('--ab [ref]', 'Time REF in this job too (default: the merge-base)')
    .option('--ab-dir <dir>', 'Time the built base in DIR in this job too')
    .option('--fail-on <mode>', 'What fails the run: regression, budget, any or none')
    .option('--publish', 'Post the report to GitHub (comment, check, summary)')
    .option('--json', 'Print the report as JSON on stdout')
    .option('--sarif <file>', 'Also write the findings as SARIF 2.1.0 (code scanning)')
    .option('--verbose', 'List every metric by plugin, with ids')
    .option('--debug', 'Verbose logs and stack traces')
    .example('perfgate run --only host --json')
    .example('perfgate run --ab-dir ../base')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/run.js')).runCommand(flags, logger)),
    )

  cli
    .command('baseline <action> [ref]', 'Saved baselines: save, show [REF], list, prune')
    .option('--config <file>', 'Config file')
    .option('--report <file>', 'save: the report to store (default: <outDir>/report.json)')
    .option('--keep <n>', 'prune: how many of the newest commits to keep')
    .option('--allow-partial', 'save: store a report of only some of the plugins')
    .option('--json', 'show/list: print JSON')
    .option('--debug', 'Verbose logs and stack traces')
    .example('perfgate baseline prune --keep 200')
    .action((action, ref, flags) =>
      use(flags, async (logger) =>
        (await import('./commands/baseline.js')).baselineCommand(
          String(action),
          ref && String(ref),
          flags,
          logger,
        ),
      ),
    )

  cli
    .command('compare <current> [baseline]', 'Compare a report with a baseline (file or saved)')
    .option('--config <file>', 'Config file (thresholds, budgets, failOn)')
    .option('--base <ref>', 'Whose saved baseline to use when no file is given')
    .option('--json', 'Print the compared report as JSON on stdout')
    .option('--debug', 'Verbose logs and stack traces')
    .action((current, baseline, flags) =>
      use(flags, async (logger) =>
        (await import('./commands/compare.js')).compareCommand(
          String(current),
          baseline && String(baseline),
          flags,
          logger,
        ),
      ),
    )

  cli
    .command('merge <...reports>', 'Join the shard reports of one run into one')
    .option('--config <file>', 'Config file (failOn, outDir)')
    .option('--out <dir>', 'Folder for the merged report.json/.md (default: .perfgate)')
    .option('--json', 'Print the merged report as JSON on stdout')
    .option('--debug', 'Verbose logs and stack traces')
    .action((reports: string[], flags) =>
      use(flags, async (logger) =>
        (await import('./commands/merge.js')).mergeCommand(reports.map(String), flags, logger),
      ),
    )

  cli
    .command('publish', 'Post a report to GitHub: comment, check, summary')
    .option('--input <file>', 'The report to post (default: .perfgate/report.json)')
    .option('--comment <mode>', 'update (default) the earlier comment, new, or off')
    .option('--no-check', 'Post no check run or commit status')
    .option('--config <file>', 'Config file keying the comment (default: found upward)')
    .option('--report-url <url>', 'Link to the HTML report ($PERFGATE_REPORT_URL)')
    .option('--history-url <url>', 'Link to the dashboard ($PERFGATE_HISTORY_URL)')
    .option('--debug', 'Verbose logs and stack traces')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/publish.js')).publishCommand(flags, logger)),
    )

  cli
    .command('report', 'Render report.json again: md, json, html, sarif')
    .option('--format <format>', 'md (default), json, html or sarif')
    .option('--input <file>', 'The report to render (default: .perfgate/report.json)')
    .option('--out <file>', 'Write to this file instead of stdout')
    .option('--config <file>', 'sarif: the config describing the rules (default: found)')
    .option('--debug', 'Verbose logs and stack traces')
    .example('perfgate report --format html --out report.html')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/report.js')).reportCommand(flags, logger)),
    )

  cli
    .command('history', 'A static dashboard of the base branch’s records')
    .option('--out <dir>', 'Folder for index.html (default: <outDir>/history)')
    .option('--metrics <globs>', 'Ids or globs, comma-separated (default: all but per-file)')
    .option('--last <n>', 'How many of the newest records to chart (default: 100)')
    .option('--base <ref>', 'Branch to chart (default: the base run compares with)')
    .option('--report <file>', 'A pull request’s report.json, drawn as the last point')
    .option('--config <file>', 'Config file (baseline store, budgets)')
    .option('--publish <branch>', 'Also push index.html to this branch (gh-pages)')
    .option('--publish-dir <dir>', 'Folder on that branch (default: perfgate)')
    .option('--debug', 'Verbose logs and stack traces')
    .example('perfgate history --last 200 --metrics "lighthouse/**,bundle/initial-*/*"')
    .example('perfgate history --publish gh-pages --publish-dir perfgate')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/history.js')).historyCommand(flags, logger)),
    )

  cli
    .command('init', 'Write a starter config and ignore .perfgate/')
    .option('--force', 'Overwrite an existing config')
    .option('--from <file>', 'Translate Lighthouse CI, size-limit or a workflow (repeatable)')
    .option('--debug', 'Stack traces on errors')
    .example('perfgate init --from lighthouserc.json --from .size-limit.json')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/init.js')).initCommand(flags, logger)),
    )

  cli
    .command('doctor', 'Check git, remote, Chrome, Node and the config')
    .option('--config <file>', 'Config file (default: perfgate.config.* found upward)')
    .option('--debug', 'Stack traces on errors')
    .action((flags) =>
      use(flags, async (logger) => (await import('./commands/doctor.js')).doctorCommand(flags, logger)),
    )

  cli.help(helpSections)
  cli.version(await version())

  const debug = argv.includes('--debug')
  const { createLogger } = await import('../report/logger.js')
  const logger = createLogger({ level: debug ? 'debug' : 'info' })
  try {
    cli.parse(joinNegativeValues(argv, cli), { run: false })
    if (cli.options.help || cli.options.version) return 0
    if (!cli.matchedCommand) {
      if (cli.args.length === 1 && cli.args[0] === 'help') {
        cli.outputHelp()
        return 0
      }
      if (cli.args.length > 0) throw new UsageError(`Unknown command "${cli.args[0]}"`)
      const flag = Object.keys(cli.options).find((name) => name !== '--')
      if (flag) throw new UsageError(`Unknown option \`${flag.length > 1 ? '--' : '-'}${flag}\``)
      cli.outputHelp() // bare `perfgate`: asking what it does is not an error
      return 0
    }
    await cli.runMatchedCommand()
    const chosen = action as { run: Action; flags: GlobalFlags } | null
    if (!chosen) return 0
    return await chosen.run(logger)
  } catch (error) {
    if (error instanceof Error && error.name === 'CACError') {
      const { explainUsageError } = await import('./usage.js')
      error.message = explainUsageError(error.message, argv, cli)
      const name = cli.matchedCommand?.name
      Object.assign(error, { hint: `Run \`perfgate ${name ? `${name} ` : ''}--help\` for usage.` })
    }
    return (await import('./errors.js')).reportError(error, logger, debug)
  }
}

/**
 * `--last -1` as `--last=-1`: the argument parser reads a negative number after a flag as a flag of its
 * own (`-1`, then "unknown option", with a suggestion of some other flag); joined, the command's own
 * check of the value says what is allowed.
 */
function joinNegativeValues(argv: string[], cli: ReturnType<typeof cac>): string[] {
  const valued = new Set(
    cli.commands
      .flatMap((command) => command.options)
      .filter((option) => /[<[]/.test(option.rawName))
      .flatMap((option) => option.rawName.match(/--[\w-]+/g) ?? []),
  )
  const end = argv.indexOf('--')
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1]
    if ((end === -1 || i < end) && valued.has(argv[i]) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`)
      i++
    } else out.push(argv[i])
  }
  return out
}

/** cac's help, shorter: one line instead of a `--help` example per command, no "(default: true)" on --no-*. */
function helpSections(sections: Array<{ title?: string; body: string }>) {
  const shown = sections
    .filter((section) => !section.title?.startsWith('For more info'))
    .map((section) => ({ ...section, body: section.body.replace(/ \(default: true\)/g, '') }))
  return [...shown, ...HELP_FOOTER]
}

const HELP_FOOTER = [
  {
    title: 'Exit codes',
    body: [
      '  0    pass',
      '  1    a regression or an exceeded budget (per failOn)',
      '  2    usage or config error (unknown flag, no or bad config, missing record)',
      '  3    a plugin or perfgate itself failed',
      '  130  interrupted (Ctrl-C); a partial report was written',
    ].join('\n'),
  },
  {
    title: 'More',
    body: [
      '  perfgate <command> --help   that command’s options',
      '  perfgate doctor             what this machine still needs for a run',
      '  https://github.com/perfgate/perfgate/blob/main/docs/cli.md',
    ].join('\n'),
  },
]

class UsageError extends Error {
  override name = 'CACError'
}

async function version(): Promise<string> {
  const { toolVersion } = await import('../model/version.js')
  return toolVersion()
}
