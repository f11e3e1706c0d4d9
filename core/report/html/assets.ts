import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { errorMessage, PerfgateError } from '../../model/errors.js'

/**
 * uPlot's script and stylesheet, read from the installed package when a page is rendered and inlined
 * into it: the page needs no network and no build step of ours, and the chart library is always the
 * version package-lock.json pins. Read once per process (~53 kB).
 */
export interface ChartLibrary {
  script: string
  style: string
  version: string
}

let cached: ChartLibrary | null = null

export function chartLibrary(): ChartLibrary {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  try {
    const read = (file: string) => readFileSync(require.resolve(`uplot/${file}`), 'utf8')
    const version = (JSON.parse(read('package.json')) as { version: string }).version
    cached = { script: read('dist/uPlot.iife.min.js'), style: read('dist/uPlot.min.css'), version }
  } catch (error) {
    throw new PerfgateError('INTERNAL', `Cannot read the chart library uPlot: ${errorMessage(error)}`, {
      cause: error,
      hint: 'perfgate depends on the `uplot` package; reinstall perfgate (npm ci) so node_modules has it.',
    })
  }
  return cached
}
