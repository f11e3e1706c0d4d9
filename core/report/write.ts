import { join, resolve } from 'node:path'
import { errorMessage, PerfgateError } from '../model/errors.js'
import type { RunReport } from '../model/types.js'
import { writeFileAtomic } from './atomic-write.js'
import { renderJson } from './json.js'
import { type MarkdownOptions, renderMarkdown } from './markdown.js'
import { mkdirp } from './mkdirp.js'

export interface WrittenReports {
  /** Absolute path of report.json. */
  json: string
  /** Absolute path of report.md. */
  markdown: string
  /** Absolute path of report.html (self-contained, opens without network). */
  html: string
}

/**
 * Writes `report.json`, `report.md` and `report.html` into `outDir`, creating it (and its parents) when
 * missing. Each is written to a temporary name and renamed, so none is ever left truncated.
 */
export async function writeReports(
  report: RunReport,
  outDir: string,
  options: MarkdownOptions = {},
): Promise<WrittenReports> {
  const dir = resolve(outDir)
  const paths = {
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
  }
  const html = await htmlOrNotice(report, options.title)
  try {
    await mkdirp(dir)
    // Each file whole or not at all: a full disk leaves the previous report, never a truncated one.
    await writeFileAtomic(paths.json, renderJson(report))
    await writeFileAtomic(paths.markdown, renderMarkdown(report, options))
    await writeFileAtomic(paths.html, html)
  } catch (error) {
    throw new PerfgateError(
      'OUTPUT_UNWRITABLE',
      `Cannot write the reports into the output folder ${dir}: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Choose a folder you can write to with --out DIR or the `outDir` option of perfgate.config, or fix the permissions of that folder (a file of the same name in its path also blocks it).',
      },
    )
  }
  return paths
}

/**
 * report.html; if it cannot be rendered (the chart library missing from a broken install), a page
 * saying why, so report.json and report.md are still written and the run still reports.
 */
async function htmlOrNotice(report: RunReport, title: string | undefined): Promise<string> {
  try {
    // The HTML renderer (and the chart library it inlines) loads only when a report is written.
    const { renderHtml } = await import('./html/report.js')
    return renderHtml(report, { title })
  } catch (error) {
    const { escapeHtml } = await import('./html/escape.js')
    const hint = error instanceof PerfgateError && error.hint ? ` ${error.hint}` : ''
    return `<!doctype html>\n<meta charset="utf-8"><title>perfgate report</title>\n<p>The HTML report could not be rendered: ${escapeHtml(errorMessage(error))}.${escapeHtml(hint)} report.json and report.md beside this file hold the full report.</p>\n`
  }
}
