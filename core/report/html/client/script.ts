import { chartColors, formatUnitValue, plotWidth } from './shared.js'

/**
 * A page script from functions written in TypeScript here: their compiled source is inlined, so the
 * page needs no bundler. Each function must be self-contained (it may call the shared helpers by name,
 * which are inlined beside it, and nothing else from its module).
 */
export function clientScript(main: () => void): string {
  const helpers = [formatUnitValue, chartColors, plotWidth].map((fn) => fn.toString()).join('\n')
  return `'use strict';\n${helpers}\n(${main.toString()})();\n`
}
