/**
 * What the Lighthouse breakdowns cost one run, side by side (interleaved) on one Chrome and one served
 * page (a hashed module script blocking ~300 ms at start-up, an image, a late banner that shifts the
 * page): a metrics-only A/B round with the audits it ran before breakdowns (stock config) against one
 * with the breakdown audits and the compatible trace gatherer, and a full run (the performance category)
 * before against after. Absolute times on a shared machine mean little; the ratio of medians is the figure.
 * Run: nice -n 19 npx jiti test/bench/lighthouse-breakdowns.bench.ts   (env: N=8, CHROME_PATH;
 * PROBE=1 times each added audit on its own, PROBE=0,2,5 the probes at those positions)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { serveStatic } from '../../core/toolkit/static-server.js'
import { median } from '../../core/toolkit/stats.js'
import { BREAKDOWN_AUDITS, breakdownsOf } from '../../plugins/lighthouse/breakdowns.js'
import { launchChrome } from '../../plugins/lighthouse/chrome.js'
import { lighthouseOptionsSchema } from '../../plugins/lighthouse/options.js'
import { lighthouseFlags, METRIC_AUDITS } from '../../plugins/lighthouse/run.js'
import { compatConfig } from '../../plugins/lighthouse/trace-compat.js'

const N = Number(process.env.N ?? 8)
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const BEFORE_AUDITS = METRIC_AUDITS.filter((id) => !BREAKDOWN_AUDITS.includes(id))

const root = mkdtempSync(join(tmpdir(), 'perfgate-lh-why-'))
mkdirSync(join(root, 'assets'))
writeFileSync(
  join(root, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Home</title>
<script type="module" src="/assets/index-B3x9aK2f.js"></script></head><body><h1>Home</h1><img src="/hero.svg" alt="hero"><p>Text below.</p></body></html>\n`,
)
writeFileSync(
  join(root, 'assets/index-B3x9aK2f.js'),
  `const end = performance.now() + 300; while (performance.now() < end) {}
setTimeout(() => { const b = document.createElement('div'); b.style.height = '200px'; b.textContent = 'banner'; document.body.prepend(b) }, 300)\n`,
)
writeFileSync(
  join(root, 'hero.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#39c"/></svg>\n`,
)

const lighthouse = await import('lighthouse')
const { default: Trace } = await import('lighthouse/core/gather/gatherers/trace.js')
const options = lighthouseOptionsSchema.parse({ staticDistDir: '.' })
const server = await serveStatic(root)
const chrome = await launchChrome(CHROME, [], { track: () => {}, logger: createMemoryLogger('error') })
const url = `${server.origin}/`
const withBreakdowns = compatConfig(lighthouse, Trace as unknown as Parameters<typeof compatConfig>[1], false)

const extra = (audits: string[]) => () =>
  lighthouse.default(
    url,
    { ...lighthouseFlags(chrome.port, options, true), onlyAudits: [...BEFORE_AUDITS, ...audits] },
    withBreakdowns as never,
  )
const probes: Record<string, () => ReturnType<typeof lighthouse.default>> = process.env.PROBE
  ? {
      'metrics-only, before': () =>
        lighthouse.default(url, {
          ...lighthouseFlags(chrome.port, options, true),
          onlyAudits: BEFORE_AUDITS,
        }),
      '+ trace compat only': extra([]),
      '+ long-tasks, interactive, trace compat': extra(['long-tasks', 'interactive']),
      '+ largest-contentful-paint-element': extra(['largest-contentful-paint-element']),
      '+ layout-shifts': extra(['layout-shifts']),
      '+ all three': extra(['long-tasks', 'interactive', 'largest-contentful-paint-element']),
    }
  : {}

// PROBE=1: each probe; PROBE=0,2,5: those probes only (by position).
const picked = (process.env.PROBE ?? '').split(',').map(Number)
const chosen =
  picked.length > 1 ? Object.fromEntries(Object.entries(probes).filter((_, i) => picked.includes(i))) : probes
const variants = process.env.PROBE
  ? chosen
  : {
      'metrics-only, before': () =>
        lighthouse.default(url, {
          ...lighthouseFlags(chrome.port, options, true),
          onlyAudits: BEFORE_AUDITS,
        }),
      'metrics-only, after': () =>
        lighthouse.default(url, lighthouseFlags(chrome.port, options, true), withBreakdowns as never),
      'full run, before': () => lighthouse.default(url, lighthouseFlags(chrome.port, options)),
      'full run, after': () =>
        lighthouse.default(url, lighthouseFlags(chrome.port, options), withBreakdowns as never),
    }

const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
const found: Record<string, Set<string>> = Object.fromEntries(
  Object.keys(variants).map((k) => [k, new Set()]),
)
try {
  for (const run of Object.values(variants)) await run() // warm up
  for (let round = 0; round < N; round++) {
    // Alternate the order so neither variant always runs after the other.
    const order = Object.entries(variants)
    if (round % 2 === 1) order.reverse()
    for (const [name, run] of order) {
      const started = performance.now()
      const result = await run()
      times[name].push(performance.now() - started)
      if (result) for (const key of Object.keys(breakdownsOf(result.lhr))) found[name].add(key)
    }
  }
} finally {
  await chrome.kill()
  await server.close()
  rmSync(root, { recursive: true, force: true })
}

console.log(
  `Lighthouse run time, median of ${N} interleaved runs each (mobile preset, simulated throttling)\n`,
)
console.log('| run | median ms | breakdowns read |')
console.log('|---|---:|---|')
for (const name of Object.keys(variants))
  console.log(`| ${name} | ${Math.round(median(times[name]))} | ${[...found[name]].join(', ') || '–'} |`)
const ratio = (a: string, b: string) => ((median(times[b]) / median(times[a]) - 1) * 100).toFixed(1)
if (!process.env.PROBE)
  console.log(
    `\nmetrics-only: ${ratio('metrics-only, before', 'metrics-only, after')} % · full run: ${ratio('full run, before', 'full run, after')} %`,
  )
