import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { isPerfgateError, type PerfgateError } from '../../../core/model/errors.js'
import { killGroup } from '../../../core/toolkit/process-group.js'
import { freePort, startServerCommand } from '../../../core/toolkit/server-command.js'
import { REPO_ROOT } from '../../helpers/paths.js'
import { diesWithin } from '../../helpers/process.js'

const children: ChildProcess[] = []
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => killGroup(child)))
})

function context(signal = new AbortController().signal) {
  return { cwd: REPO_ROOT, signal, track: (child: ChildProcess) => children.push(child) }
}

/** A node HTTP server on PORT that prints `ready` once it listens, after `delayMs`. */
function httpServer(delayMs = 0): string[] {
  const script = `
    const http = require('node:http')
    setTimeout(() => {
      http.createServer((req, res) => res.end(process.env.GREETING + ' ' + req.url))
        .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready on ' + process.env.PORT))
    }, ${delayMs})
  `
  return [process.execPath, '-e', script]
}

async function rejection(promise: Promise<unknown>): Promise<PerfgateError> {
  try {
    await promise
  } catch (error) {
    if (isPerfgateError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('startServerCommand', () => {
  it('gives the command a free PORT and its env, resolves once readyPath answers, and stops the group', async () => {
    const server = await startServerCommand(
      { command: httpServer(300), env: { GREETING: 'hello' }, readyPath: '/health', timeout: 10_000 },
      context(),
    )
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`)
    expect(await (await fetch(`${server.origin}/x`)).text()).toBe('hello /x')
    const pid = server.group.child.pid as number
    expect(children.map((c) => c.pid)).toEqual([pid])
    await server.stop()
    expect(await diesWithin(pid)).toBe(true)
  })

  it('waits on an output pattern alone when readyPath is null', async () => {
    // The pattern is printed but nothing listens: only the pattern can have made it ready.
    const command = [
      process.execPath,
      '-e',
      "setTimeout(() => console.log('booted fine'), 200); setInterval(() => {}, 1000)",
    ]
    const started = Date.now()
    const server = await startServerCommand(
      { command, readyPath: null, readyPattern: /booted \w+/g, timeout: 10_000 },
      context(),
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    await server.stop()
    expect(await diesWithin(server.group.child.pid as number)).toBe(true)
  })

  it('names the command, its exit code, its folder and its last output when it exits before it is ready', async () => {
    const error = await rejection(
      startServerCommand(
        {
          command: `echo "cannot connect to the database" >&2; exit 7`,
          timeout: 10_000,
          label: 'The API server command',
        },
        context(),
      ),
    )
    expect(error.code).toBe('PLUGIN_FAILED')
    expect(error.exitCode).toBe(3)
    expect(error.message).toMatch(
      /^The API server command `echo .*` \(in .*\) exited with code 7 before it could answer http:\/\/127\.0\.0\.1:\d+\//,
    )
    expect(error.message).toContain(`(in ${REPO_ROOT})`)
    expect(error.message).toContain('Last output:\ncannot connect to the database')
  })

  it('gives up after the timeout, says what it waited for, names the option, and ends the group', async () => {
    const command = [process.execPath, '-e', "console.log('booting'); setInterval(() => {}, 1000)"]
    const started = Date.now()
    const error = await rejection(
      startServerCommand(
        { command, readyPattern: /listening/, timeout: 800, timeoutOption: 'server.timeout' },
        context(),
      ),
    )
    expect(Date.now() - started).toBeLessThan(5000)
    expect(error.message).toMatch(
      /did not answer http:\/\/127\.0\.0\.1:\d+\/ with 2xx or 3xx and print \/listening\/ within 800 ms/,
    )
    expect(error.message).toContain('booting')
    expect(error.hint).toContain('raise `server.timeout`')
    expect(await diesWithin(children[0].pid as number)).toBe(true)
  })

  it('takes a 2xx or a redirect as ready, never a 404: the app is not served there', async () => {
    // `/` answers 404 all along; /health 404 for the first 600 ms, then 200; /moved redirects at once.
    const script = `
      const http = require('node:http')
      const started = Date.now()
      http.createServer((req, res) => {
        if (req.url === '/moved') { res.writeHead(302, { location: '/elsewhere' }); return res.end() }
        res.writeHead(req.url === '/health' && Date.now() - started > 600 ? 200 : 404).end()
      }).listen(Number(process.env.PORT), '127.0.0.1')
    `
    const command = [process.execPath, '-e', script]
    const started = Date.now()
    const health = await startServerCommand({ command, readyPath: '/health', timeout: 10_000 }, context())
    expect(Date.now() - started).toBeGreaterThanOrEqual(550)
    expect((await fetch(`${health.origin}/health`)).status).toBe(200)
    await health.stop()
    const moved = await startServerCommand({ command, readyPath: '/moved', timeout: 10_000 }, context())
    await moved.stop()
    const error = await rejection(
      startServerCommand(
        { command, readyPath: '/', timeout: 1000, timeoutOption: 'http.readyTimeout' },
        context(),
      ),
    )
    expect(error.message).toMatch(
      /did not answer http:\/\/127\.0\.0\.1:\d+\/ with 2xx or 3xx within 1000 ms \(its last answer: HTTP 404\)/,
    )
    expect(error.hint).toContain('If / is not a route of the app, set readyPath to one that answers 2xx')
  })

  it('says a command that does not exist could not be started', async () => {
    const error = await rejection(
      startServerCommand({ command: ['/no/such/server-perfgate'], timeout: 5000 }, context()),
    )
    expect(error.message).toContain('could not be started: spawn /no/such/server-perfgate ENOENT')
    expect(error.message).toContain('It printed nothing.')
  })

  it('stops waiting and ends the group when aborted', async () => {
    const controller = new AbortController()
    const command = [process.execPath, '-e', 'setInterval(() => {}, 1000)']
    setTimeout(() => controller.abort(new Error('Ctrl-C')), 300)
    await expect(
      startServerCommand({ command, timeout: 20_000 }, context(controller.signal)),
    ).rejects.toThrow('Ctrl-C')
    expect(await diesWithin(children[0].pid as number)).toBe(true)
  })
})

describe('freePort', () => {
  it('returns a port on 127.0.0.1 that can be listened on', async () => {
    const port = await freePort()
    expect(port).toBeGreaterThan(0)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    await new Promise((resolve) => server.close(resolve))
  })
})
