import { readFile, stat } from 'node:fs/promises'
import { errorMessage, PerfgateError } from '../model/errors.js'
import type { RunReport } from '../model/types.js'
import { parseReport } from '../model/validate.js'

/** Reports larger than this are refused: parsing one costs several times its size in memory. */
export const DEFAULT_MAX_REPORT_BYTES = 256 * 1024 * 1024

/** The report size cap: `PERFGATE_MAX_REPORT_BYTES` when set to a positive integer, else 256 MiB. */
export function maxReportBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PERFGATE_MAX_REPORT_BYTES)
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_REPORT_BYTES
}

const HINT = 'Give the path of a report.json written by `perfgate run`.'

/** Reads a report.json given on the command line; anything wrong is a usage error naming the file. */
export async function readReportFile(file: string, maxBytes = maxReportBytes()): Promise<RunReport> {
  let text: string
  try {
    const { size } = await stat(file)
    if (size > maxBytes)
      throw new PerfgateError(
        'INPUT_INVALID',
        `${file} is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit for a report.`,
        {
          hint: 'A report that large is not one perfgate wrote for a normal run; check the file, or raise PERFGATE_MAX_REPORT_BYTES (bytes).',
        },
      )
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (error instanceof PerfgateError) throw error
    throw new PerfgateError('INPUT_INVALID', `Cannot read report ${file}: ${errorMessage(error)}`, {
      hint: HINT,
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `${file} is not valid JSON: ${errorMessage(error)}`, {
      hint: HINT,
    })
  }
  const parsed = parseReport(data)
  if (!parsed.ok)
    throw new PerfgateError('INPUT_INVALID', `${file} is not a perfgate report: ${parsed.reason}`, {
      hint: 'Give the path of a report.json written by `perfgate run` (schemaVersion 1).',
    })
  return parsed.report
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
