/**
 * Per-route initial JS against what Chromium downloads on a first load of each route.
 *
 *   npx jiti test/bench/route-initial-js.bench.ts <project> <path>=<route-key>… [--static DIR | --command CMD]
 *
 * Reads `<project>/.perfgate/report.json` (a `perfgate run` of the project), serves the production build
 * (perfgate's static server on DIR, or CMD with PORT and HOST=127.0.0.1 set), opens each path in a fresh
 * Chromium context (no cache) with playwright-core, waits until the network is idle and sums the decoded
 * bytes of every JavaScript response from the origin that the first load asked for (by Chrome's initiator:
 * the HTML parser, the page's inline script, a static import). Scripts a running module imports later are
 * other routes' code the app prefetches (SvelteKit's `preloadCode`, `data-sveltekit-preload-code`): counted
 * apart. Prints, per route, the figure, the bytes
 * downloaded, their ratio, and the files in one list and not the other.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'
import { freePort, serveStatic } from '../../core/toolkit/index.js'

const [project, ...rest] = process.argv.slice(2)
const flag = (name: string) => {
  const i = rest.indexOf(name)
  return i >= 0 ? rest[i + 1] : undefined
}
const pages = rest.filter((a, i) => a.includes('=') && !['--static', '--command'].includes(rest[i - 1] ?? ''))
const report = JSON.parse(readFileSync(join(project, '.perfgate/report.json'), 'utf8')) as {
  metrics: Array<{ id: string; value: number }>
}
const figure = (key: string) =>
  report.metrics.find((m) => m.id === `bundle/route/${key}/initial-js/raw`)?.value

let origin: string
let stop: () => Promise<void>
const staticDir = flag('--static')
const command = flag('--command')
if (staticDir) {
  const server = await serveStatic(join(project, staticDir))
  origin = server.origin
  stop = () => server.close()
} else if (command) {
  const port = await freePort()
  origin = `http://127.0.0.1:${port}`
  const child = spawn(command, {
    cwd: project,
    shell: true,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  })
  stop = async () => {
    process.kill(-(child.pid as number), 'SIGTERM')
  }
  for (let i = 0; i < 200; i++) {
    const up = await fetch(origin).then(
      () => true,
      () => false,
    )
    if (up) break
    await sleep(50)
  }
} else throw new Error('give --static DIR or --command CMD')

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium' })
let worst = 0
try {
  console.log('route\tfigure (raw B)\tdownloaded (B)\tratio\tscripts')
  for (const page of pages) {
    const [path, key] = page.split('=')
    const context = await browser.newContext()
    const tab = await context.newPage()
    const sizes = new Map<string, number>()
    const later = new Set<string>()
    const framed = new Set<string>()
    const bodies: Array<Promise<unknown>> = []
    // Who asked for each script (Chrome's own record): the HTML parser (script, modulepreload), the page's
    // inline script, or a module's static import belong to the first load; an import() called from a
    // module once the app runs (prefetching another route) does not.
    const cdp = await context.newCDPSession(tab)
    await cdp.send('Network.enable')
    const firstLoad = new Set<string>()
    let parsed = false
    tab.on('domcontentloaded', () => {
      parsed = true
    })
    cdp.on('Network.requestWillBeSent', (event) => {
      const { type, stack } = event.initiator as {
        type: string
        url?: string
        stack?: { callFrames: Array<{ url: string }> }
      }
      const frames = stack?.callFrames ?? []
      const inline = frames.length > 0 && frames.every((f) => f.url === `${origin}${path}` || f.url === '')
      // `about:client` and no stack: a Link header of the page's response (SvelteKit's server sends its
      // modulepreloads so); a module the app imports after DOMContentLoaded (once it runs) is not one.
      const header = type === 'script' && frames.length === 0 && event.initiator.url === 'about:client'
      if (type === 'parser' || inline || (header && !parsed)) firstLoad.add(event.request.url)
    })
    tab.on('request', (request) => {
      const url = request.url()
      if (!url.startsWith(origin) || request.resourceType() !== 'script') return
      // An <iframe> of another page of the site loads that page's code: not this route's.
      if (request.frame() !== tab.mainFrame()) return void framed.add(url)
      bodies.push(
        request.response().then(async (response) => {
          const bytes = (await response?.body())?.length ?? 0
          if (firstLoad.has(url)) sizes.set(url, bytes)
          else later.add(url)
        }),
      )
    })
    await tab.goto(`${origin}${path}`, { waitUntil: 'networkidle' })
    await sleep(500)
    await Promise.all(bodies)
    await context.close()
    const downloaded = [...sizes.values()].reduce((s, n) => s + n, 0)
    const expected = figure(key)
    const ratio = expected ? downloaded / expected : Number.NaN
    worst = Math.max(worst, Math.abs(ratio - 1))
    console.log(
      `${path}\t${expected}\t${downloaded}\t${ratio.toFixed(4)}\t${sizes.size} (+${[...later].filter((u) => !sizes.has(u)).length} prefetched later, ${framed.size} in iframes)`,
    )
  }
  console.log(`largest difference: ${(worst * 100).toFixed(2)} %`)
} finally {
  await browser.close()
  await stop()
}
