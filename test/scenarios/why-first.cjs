// node test/scenarios/why-first.cjs <report.json>…: for each report, the first why part of each regressed or
// over-budget metric (what a planted cause must be named as), or why there is none.
const { resolve } = require('node:path')

for (const file of process.argv.slice(2)) {
  let report
  try {
    report = require(resolve(file))
  } catch {
    process.stdout.write(`${file}: no report\n`)
    continue
  }
  const lines = report.metrics
    .filter((m) => m.why?.parts?.length)
    .map((m) => {
      const first = m.why.parts[0]
      return `  ${m.id} [${m.verdict}${m.budget?.status === 'exceeded' ? ', over budget' : ''}] → ${first.label ?? first.key} ${first.delta.toFixed(2)}${first.status === 'new' ? ' (new)' : ''}`
    })
  process.stdout.write(`${file.split('/').pop()}\n${lines.join('\n') || '  (no why)'}\n`)
}
