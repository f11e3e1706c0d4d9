import { randomUUID } from 'node:crypto'
import { appendFile } from 'node:fs/promises'
import { errorMessage, PerfgateError } from '../model/errors.js'

/**
 * `$GITHUB_OUTPUT` lines for one output, in the runner's documented multiline form:
 * `name<<DELIMITER`, the value, `DELIMITER`. The delimiter is random so that no value can end it early.
 */
export function formatOutput(name: string, value: string): string {
  let delimiter = `ghadelimiter_${randomUUID()}`
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`
}

/** Appends outputs to the file named by `$GITHUB_OUTPUT`. */
export async function writeOutputs(file: string, outputs: Record<string, string>): Promise<void> {
  const text = Object.entries(outputs)
    .map(([name, value]) => formatOutput(name, value))
    .join('')
  await appendTo(file, text, 'GITHUB_OUTPUT')
}

/** Appends Markdown to the job summary file named by `$GITHUB_STEP_SUMMARY`. */
export async function appendStepSummary(file: string, markdown: string): Promise<void> {
  await appendTo(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'GITHUB_STEP_SUMMARY')
}

async function appendTo(file: string, text: string, variable: string): Promise<void> {
  try {
    await appendFile(file, text, 'utf8')
  } catch (error) {
    throw new PerfgateError(
      'OUTPUT_UNWRITABLE',
      `Cannot write ${variable} (${file}): ${errorMessage(error)}`,
      {
        hint: `The runner sets ${variable} to a writable file; unset it when running outside GitHub Actions.`,
        cause: error,
      },
    )
  }
}
