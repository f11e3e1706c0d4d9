import { resolve } from 'node:path'
import { PerfgateError } from '../../model/errors.js'
import type { Logger } from '../../model/types.js'

export interface PublishFlags {
  input?: string
  comment?: string
  /** `--no-check` sets it to false. */
  check?: boolean
  config?: string
  debug?: boolean
  reportUrl?: string
  historyUrl?: string
}

const COMMENT_MODES = ['update', 'new', 'off'] as const

/**
 * `perfgate publish`: posts a report.json to GitHub. The config file is only located (it keys the
 * comment), never loaded, so a privileged `workflow_run` job runs no code from the pull request.
 */
export async function publishCommand(flags: PublishFlags, logger: Logger): Promise<number> {
  const comment = flags.comment === undefined ? 'update' : String(flags.comment)
  if (!(COMMENT_MODES as readonly string[]).includes(comment))
    throw new PerfgateError('USAGE', `--comment must be update, new or off, not "${comment}".`, {
      hint: 'update edits the earlier perfgate comment in place; new adds one each time; off posts none.',
    })
  const cwd = process.cwd()
  const input = resolve(cwd, flags.input === undefined ? '.perfgate/report.json' : String(flags.input))
  const [{ readReportFile }, { findConfigFile }, { publishReport }] = await Promise.all([
    import('../../run/files.js'),
    import('../../config/find.js'),
    import('../../github/index.js'),
  ])
  const report = await readReportFile(input)
  const configFile = flags.config === undefined ? findConfigFile(cwd) : resolve(cwd, String(flags.config))
  const result = await publishReport(report, {
    comment: comment as (typeof COMMENT_MODES)[number],
    check: flags.check !== false,
    cwd,
    configFile,
    logger,
    reportPath: input,
    links: links(flags),
  })
  const done = [
    result.posted.comment && `comment ${result.commentAction} (${result.commentUrl})`,
    result.posted.check && `check run (${result.checkRunUrl})`,
    result.posted.status && 'commit status',
    result.posted.summary && 'job summary',
    result.posted.outputs && 'step outputs',
  ].filter(Boolean)
  if (done.length > 0) logger.success(`Published: ${done.join(', ')}.`)
  return 0
}

/** The comment's links to the pages a reviewer can open: flags, else what the Action's upload steps set. */
function links(flags: PublishFlags): Array<{ label: string; url: string }> {
  const out: Array<{ label: string; url: string }> = []
  const report = flags.reportUrl ?? process.env.PERFGATE_REPORT_URL
  const history = flags.historyUrl ?? process.env.PERFGATE_HISTORY_URL
  for (const [label, value] of [
    ['HTML report', report],
    ['history', history],
  ] as const) {
    if (value === undefined || String(value) === '') continue
    const url = String(value)
    if (!/^https?:\/\//i.test(url))
      throw new PerfgateError('USAGE', `a link for the comment must be an http(s) URL, not "${url}".`, {
        hint: 'Give --report-url / --history-url (or PERFGATE_REPORT_URL / PERFGATE_HISTORY_URL) as https:// addresses.',
      })
    out.push({ label, url })
  }
  return out
}
