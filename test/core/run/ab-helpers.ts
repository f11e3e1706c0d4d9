import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A bench file with one CPU task of `work` loop iterations (more = slower), the same code otherwise. */
export function benchFile(work: number): string {
  return `let sink = 0
export default {
  loop: () => {
    let total = 0
    for (let i = 0; i < ${work}; i++) total += Math.sqrt(i) * Math.sin(i)
    sink += total
  },
}
globalThis.__sink = sink
`
}

/** A project folder with `tasks.bench.mjs` doing `work` iterations. */
export async function benchProject(dir: string, work: number): Promise<string> {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'tasks.bench.mjs'), benchFile(work))
  await writeFile(join(dir, 'package.json'), '{ "name": "ab-fixture", "private": true, "type": "module" }\n')
  return dir
}

export const FAST_BENCH = { files: ['*.bench.mjs'], time: 60, warmupTime: 20, disturbance: 0 as const }

/** A page that blocks the main thread `blockMs` at start-up (0: no script). */
export function pageHtml(title: string, blockMs: number): string {
  const script =
    blockMs > 0
      ? `<script>const end = performance.now() + ${blockMs}; while (performance.now() < end) {}</script>`
      : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><h1>${title}</h1><p>Same content on both sides.</p>${script}</body></html>\n`
}
