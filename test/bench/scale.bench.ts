// Time and peak memory of `perfgate run --no-compare` for a plugin that returns 1k, 10k and 100k metrics:
// collect, judge, render the console, write report.json, report.md and report.html.
//   npx jiti test/bench/scale.bench.ts          (SIZES=1000,100000 to choose)
// Needs GNU time (/usr/bin/time) for the child's peak RSS.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI } from '../helpers/paths.js'

const sizes = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number)
const dir = mkdtempSync(join(tmpdir(), 'perfgate-scale-'))
writeFileSync(
  join(dir, 'perfgate.config.mjs'),
  `const N = Number(process.env.N)
export default {
  failOn: 'none',
  plugins: [{
    name: 'perfgate:many',
    collect: () => ({ metrics: Array.from({ length: N }, (_, i) => ({ id: \`many/m\${i}/size\`, title: \`Metric number \${i}\`, unit: i % 3 ? 'bytes' : 'ms', better: 'lower', value: 1000 + i })) }),
  }],
}
`,
)
try {
  for (const n of sizes) {
    const out = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'run', '--no-compare'], {
      cwd: dir,
      env: { ...process.env, N: String(n), CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }).stderr.toString()
    const [seconds, kb] = out.trim().split('\n').at(-1)!.split(' ').map(Number)
    console.log(
      `${String(n).padStart(7)} metrics: ${seconds.toFixed(2)} s, ${(kb / 1024).toFixed(0)} MB peak RSS (targets at 100k: ≤ 10 s, ≤ 500 MB)`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
