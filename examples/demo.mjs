// npm run demo: build the example app, start the example API, and run perfgate on both.
// Leaves .perfgate/report.json (and report.md) in the repository root.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist/core/cli/bin.js')
const step = (text) => console.error(`\n▸ ${text}`)

function runOrExit(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.status !== 0) {
    console.error(`demo: \`${[command, ...args].join(' ')}\` exited ${result.status ?? result.signal}`)
    process.exit(result.status ?? 3)
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitFor(url, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the example API exited early (code ${child.exitCode})`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the example API did not answer ${url} within ${timeoutMs} ms`)
}

if (!existsSync(cli)) {
  step('building perfgate (dist/ is missing)')
  runOrExit('npm', ['run', 'build'])
}

step('building the example app (examples/spa) with Vite')
runOrExit(process.execPath, [
  join(root, 'node_modules/vite/bin/vite.js'),
  'build',
  'examples/spa',
  '--logLevel',
  'warn',
])

// Lighthouse needs Chrome; a fresh machine may have none. Then say how to get it and show the rest.
const only = []
try {
  const { findChrome } = await import(pathToFileURL(join(root, 'dist/plugins/lighthouse/chrome.js')).href)
  await findChrome(null)
} catch {
  const why = process.env.CHROME_PATH
    ? `CHROME_PATH (${process.env.CHROME_PATH}) is not an executable`
    : 'no Chrome or Chromium found'
  console.error(
    `\ndemo: ${why}, so Lighthouse is skipped: install it with \`sudo apt-get install chromium\` (Debian/Ubuntu) or set CHROME_PATH, and run \`npm run demo\` again.`,
  )
  only.push('--only', 'host,bundle,bench')
}

step('starting the example API (examples/api)')
const port = await freePort()
const api = spawn(process.execPath, [join(root, 'examples/api/server.mjs')], {
  cwd: root,
  env: { ...process.env, PORT: String(port) },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const stopApi = () => api.exitCode === null && api.kill('SIGTERM')
process.on('exit', stopApi)
let code = 3
try {
  await waitFor(`http://127.0.0.1:${port}/health`, api)
  step('perfgate run')
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'run',
      '--config',
      'examples/perfgate.config.ts',
      '--out',
      '.perfgate',
      ...only,
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, PERFGATE_DEMO_API: `http://127.0.0.1:${port}` } },
  )
  code = result.status ?? 3
} finally {
  stopApi()
}
if (code <= 1) {
  // The demo's promise: a valid report with the host metrics in .perfgate/report.json.
  const report = JSON.parse(readFileSync(join(root, '.perfgate/report.json'), 'utf8'))
  const host = report.metrics.filter((m) => m.id.startsWith('host/')).length
  console.error(
    `\ndemo: .perfgate/report.json has ${report.metrics.length} metrics (${host} from the host plugin).`,
  )
  if (host === 0) code = 3
}
if (code === 1)
  console.error(
    '\ndemo: perfgate reported a regression or an exceeded budget (exit 1) — that is a result, not a failure of the demo.',
  )
process.exit(code === 1 ? 0 : code)
