import { readFile } from 'node:fs/promises'
import { errorMessage, PerfgateError } from '../model/errors.js'
import type { RunReport } from '../model/types.js'
import { parseReport } from '../model/validate.js'

/** Reads a report.json given on the command line; anything wrong is a usage error naming the file. */
export async function readReportFile(file: string): Promise<RunReport> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `Cannot read report ${file}: ${errorMessage(error)}`, {
      hint: 'Give the path of a report.json written by `perfgate run`.',
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `${file} is not valid JSON: ${errorMessage(error)}`, {
      hint: 'Give the path of a report.json written by `perfgate run`.',
    })
  }
  const parsed = parseReport(data)
  if (!parsed.ok)
    throw new PerfgateError('INPUT_INVALID', `${file} is not a perfgate report: ${parsed.reason}`, {
      hint: 'Give the path of a report.json written by `perfgate run` (schemaVersion 1).',
    })
  return parsed.report
}
