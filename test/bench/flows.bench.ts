/**
 * What a Lighthouse flow costs a run, side by side (interleaved) on one Chrome and one served page (a
 * button whose click handler busy-waits 100 ms): perfgate's page run (a navigation, in its worker), the
 * same navigation as a perfgate flow followed by one timespan step (a click: INP), and Lighthouse's own
 * user flow of the same two steps without perfgate (stock config, same categories and timespan
 * throttling, no wait for the next paint). Full rounds and metrics-only A/B rounds. Absolute times on a
 * shared machine mean little; the ratios of medians are the figures.
 * Run: nice -n 19 npx jiti test/bench/flows.bench.ts   (env: N=5, CHROME_PATH)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { serveStatic } from '../../core/toolkit/static-server.js'
import { median } from '../../core/toolkit/stats.js'
import { launchChrome } from '../../plugins/lighthouse/chrome.js'
import { planFlows, runFlow } from '../../plugins/lighthouse/flows.js'
import { type LighthousePage, lighthouseOptionsSchema } from '../../plugins/lighthouse/options.js'
import { openPage, runLighthouse } from '../../plugins/lighthouse/run.js'
import { startLighthouseWorker } from '../../plugins/lighthouse/worker.js'

const N = Number(process.env.N ?? 5)
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'

const root = mkdtempSync(join(tmpdir(), 'perfgate-flows-bench-'))
writeFileSync(
  join(root, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Menu</title></head>
<body><h1>Menu</h1><button id="menu" type="button">Open</button><p id="state">Closed.</p>
<script>document.getElementById('menu').addEventListener('click', () => {
  const end = performance.now() + 100; while (performance.now() < end) {}
  document.getElementById('state').textContent = 'Opened.' })</script></body></html>\n`,
)

const lighthouse = await import('lighthouse')
const server = await serveStatic(root)
const chrome = await launchChrome(CHROME, [], { track: () => {}, logger: createMemoryLogger('error') })
const worker = startLighthouseWorker()
const session = await openPage(chrome.port)
const page = session.page
const url = `${server.origin}/`
const click = async (p: LighthousePage) => {
  await p.click('#menu')
}
const options = lighthouseOptionsSchema.parse({
  urls: [url],
  flows: [{ name: 'menu', steps: [{ navigate: url }, { name: 'open', interact: click }] }],
})
const [planned] = planFlows(options.flows, null)

type Variant = () => Promise<number | undefined>
const inpOf = (lhr: { audits: Record<string, { numericValue?: number }> }) =>
  lhr.audits['interaction-to-next-paint']?.numericValue

const variants: Record<string, Variant> = {
  'page run (navigation), full': async () => {
    await runLighthouse(url, chrome.port, options, { worker }, false)
    return undefined
  },
  'perfgate flow (navigation + click), full': async () => {
    const run = await runFlow(planned, page, options, false)
    return inpOf(run.result.steps[1].lhr)
  },
  'Lighthouse flow (navigation + click), no perfgate': async () => {
    const flow = await lighthouse.startFlow(page, {
      flags: { logLevel: 'silent', onlyCategories: ['performance'] },
    })
    await flow.navigate(url)
    await flow.startTimespan({ throttlingMethod: 'devtools' })
    await page.click('#menu')
    await flow.endTimespan()
    const result = await flow.createFlowResult()
    return inpOf(result.steps[1].lhr)
  },
  'page run (navigation), metrics-only': async () => {
    await runLighthouse(url, chrome.port, options, { worker }, true)
    return undefined
  },
  'perfgate flow (navigation + click), metrics-only': async () => {
    const run = await runFlow(planned, page, options, true)
    return inpOf(run.result.steps[1].lhr)
  },
}

const times = new Map<string, number[]>(Object.keys(variants).map((k) => [k, []]))
const inps = new Map<string, number[]>(Object.keys(variants).map((k) => [k, []]))
try {
  // One warm-up of each (module loading, Chrome's caches), then N interleaved rounds, order rotated.
  for (const run of Object.values(variants)) await run()
  const names = Object.keys(variants)
  for (let round = 0; round < N; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const name of order) {
      const start = performance.now()
      const inp = await variants[name]()
      times.get(name)?.push(performance.now() - start)
      if (inp !== undefined) inps.get(name)?.push(inp)
    }
  }
} finally {
  await session.close()
  await worker.terminate()
  await chrome.kill()
  await server.close()
  rmSync(root, { recursive: true, force: true })
}

const med = (name: string) => median(times.get(name) as number[])
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
for (const name of Object.keys(variants)) {
  const inp = inps.get(name) as number[]
  const inpText = inp.length > 0 ? `, INP median ${Math.round(median(inp))} ms (${inp.length} runs)` : ''
  process.stdout.write(`${name.padEnd(52)} ${seconds(med(name)).padStart(8)} median of ${N}${inpText}\n`)
}
const page_ = med('page run (navigation), full')
const flow = med('perfgate flow (navigation + click), full')
const stock = med('Lighthouse flow (navigation + click), no perfgate')
const pageLite = med('page run (navigation), metrics-only')
const flowLite = med('perfgate flow (navigation + click), metrics-only')
process.stdout.write(
  [
    '',
    `full round:        flow / page run = ${(flow / page_).toFixed(2)}; the timespan step adds ${seconds(flow - page_)} a run`,
    `full round:        perfgate flow / Lighthouse's own flow = ${(flow / stock).toFixed(2)}`,
    `metrics-only:      flow / page run = ${(flowLite / pageLite).toFixed(2)}; the timespan step adds ${seconds(flowLite - pageLite)} a run`,
    `metrics-only flow / Lighthouse's own flow = ${(flowLite / stock).toFixed(2)}`,
    '',
  ].join('\n'),
)
