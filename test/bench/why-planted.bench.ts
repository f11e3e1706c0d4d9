/**
 * A planted cause, N times: a page whose Vite-style entry module (`assets/index-*.js`, importing
 * `assets/vendor-*.js` which works 60 ms) runs a 500 ms start-up loop, measured by the Lighthouse plugin
 * at defaults but one run a call. Counts the runs whose TBT breakdown names the entry first.
 * Goal (issue 23): named first in ≥ 9 of 10 runs.
 * Run: nice -n 19 npx jiti test/bench/why-planted.bench.ts   (env: N=10, CHROME_PATH)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '../../core/report/logger.js'
import { createPluginContext } from '../../core/testing/index.js'
import { lighthousePlugin } from '../../plugins/lighthouse/index.js'

const N = Number(process.env.N ?? 10)
const root = mkdtempSync(join(tmpdir(), 'perfgate-why-planted-'))
mkdirSync(join(root, 'assets'))
writeFileSync(
  join(root, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Home</title>
<script type="module" crossorigin src="/assets/index-B3x9aK2f.js"></script>
<link rel="modulepreload" crossorigin href="/assets/vendor-Cq3M1xYz.js"></head><body><h1>Home</h1><p>Text.</p></body></html>\n`,
)
writeFileSync(
  join(root, 'assets/vendor-Cq3M1xYz.js'),
  `export function work(ms) { const end = performance.now() + ms; while (performance.now() < end) {} }\nwork(60)\n`,
)
writeFileSync(
  join(root, 'assets/index-B3x9aK2f.js'),
  `import { work } from './vendor-Cq3M1xYz.js'\nfunction startUp() { const end = performance.now() + 500; while (performance.now() < end) {} }\nstartUp()\nwork(10)\n`,
)

let named = 0
const firsts: string[] = []
try {
  for (let i = 0; i < N; i++) {
    const outDir = mkdtempSync(join(tmpdir(), 'perfgate-why-out-'))
    try {
      const ctx = createPluginContext({ cwd: root, outDir, logger: createMemoryLogger('error') })
      const output = await lighthousePlugin({ staticDistDir: '.', urls: ['/'], runs: 1 }).collect(ctx)
      const tbt = output.metrics?.find((m) => m.id === 'lighthouse/home/tbt')
      const first = tbt?.breakdown?.slice().sort((a, b) => b.value - a.value)[0]
      firsts.push(
        `${first?.key ?? '–'} ${Math.round(first?.value ?? 0)} of ${Math.round(tbt?.samples?.[0] ?? 0)} ms`,
      )
      if (first?.key === '/assets/index-*.js') named++
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
console.log(firsts.map((f, i) => `run ${i + 1}: ${f}`).join('\n'))
console.log(`\nthe entry module named first in ${named} of ${N} runs`)
