import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'

// A real server on 127.0.0.1 at $PORT: /health and /items answer 200, POST /items 201, anything else 404.
const SERVER = `import { createServer } from 'node:http'
createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/items') return res.writeHead(201).end('{}')
  res.writeHead(req.url === '/health' || req.url === '/items' ? 200 : 404).end()
}).listen(Number(process.env.PORT), '127.0.0.1')
`

const { dir, cleanup } = tempDir('perfgate-doctor-http-')
afterAll(cleanup)
writeFileSync(join(dir, 'server.mjs'), SERVER)

function config(http: Record<string, unknown>) {
  writeFileSync(
    join(dir, 'perfgate.config.json'),
    JSON.stringify({ plugins: [['bench', { files: false, http: { command: 'node server.mjs', ...http } }]] }),
  )
}

async function doctor() {
  const { code, stdout } = await runProcess(process.execPath, [CLI, 'doctor'], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
  })
  const lines = stdout.split('\n')
  return {
    code,
    lines: lines.filter((line) => /^\S+\s+http\s/.test(line)),
    ab: lines.find((line) => /^\S+\s+ab\s/.test(line)),
  }
}

describe('perfgate doctor: HTTP scenarios', { timeout: 60_000 }, () => {
  it('sends each scenario once and reports a non-2xx answer with the file, scenario, URL, status and fix', async () => {
    config({
      readyPath: '/health',
      scenarios: [
        { name: 'items', path: '/items' },
        { name: 'home', path: '/' },
        { name: 'create', method: 'post', path: '/items', body: { name: 'x' }, expectStatus: 201 },
      ],
    })
    const { code, lines, ab } = await doctor()
    // bench measures timings: without ab.build a pull request's base would be measured unbuilt.
    expect(ab).toMatch(
      /^warn\s+ab\s+bench measures timings, and the config has no ab\.build: .* → add `ab: \{ build:/,
    )
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(
      /^ok\s+http\s+perfgate\.config\.json, scenario "items": GET http:\/\/127\.0\.0\.1:\d+\/items answered 200$/,
    )
    expect(lines[1]).toMatch(
      /^FIX\s+http\s+perfgate\.config\.json, scenario "home": GET http:\/\/127\.0\.0\.1:\d+\/ answered 404, not 2xx → point the scenario's path at a route that answers 2xx \(or set expectStatus: 404/,
    )
    expect(lines[2]).toMatch(
      /^ok\s+http\s+.*scenario "create": POST http:\/\/127\.0\.0\.1:\d+\/items answered 201$/,
    )
    expect(code).toBe(2) // a wrong path is the config's to fix
  })

  it('says the server never became ready when readyPath answers 404, naming the status', async () => {
    config({ readyPath: '/', readyTimeout: 1500, scenarios: [{ name: 'items', path: '/items' }] })
    const { code, lines } = await doctor()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^FIX\s+http\s+perfgate\.config\.json: The bench http\.command `node server\.mjs` .* did not answer http:\/\/127\.0\.0\.1:\d+\/ with 2xx or 3xx within 1500 ms \(its last answer: HTTP 404\)/,
    )
    expect(lines[0]).toContain('set readyPath to one that answers 2xx')
    expect(code).toBe(3)
  })
})
