import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../model/errors.js'
import { httpStatus, startServerCommand } from '../toolkit/server-command.js'
import type { PackageJson } from './project.js'
import { HEALTH_PATHS, scanRoutes, scriptPaths, serverEntry } from './routes.js'

/** What `perfgate init` learnt of a server's routes, for its config and its output. */
export interface RouteDiscovery {
  /** A route that answered 2xx, health checks first: `readyPath`. Null when none did. */
  readyPath: string | null
  /** Routes of the app (not health checks) that answered 2xx, to load-test; at most three. */
  scenarios: string[]
  /** Routes read from the source (entry and its local imports). */
  sourceRoutes: string[]
  /** Each path tried, with its status (null: no answer). Empty when the server was not started. */
  tried: Array<{ path: string; status: number | null }>
  /** Why no route could be checked (the server did not start or listen), or null. */
  problem: string | null
}

const MAX_TRIED = 24

/**
 * Starts the server script once (PORT set, on 127.0.0.1, in its own process group, always stopped) and
 * asks each candidate path once: the scripts' own URLs, the usual health paths, the routes in the source,
 * and `/`. The answers choose the config's readyPath and scenarios.
 */
export async function discoverRoutes(
  cwd: string,
  command: string,
  pkg: PackageJson | null,
  options: { timeoutMs?: number } = {},
): Promise<RouteDiscovery> {
  const scriptName = /\brun\s+(\S+)$/.exec(command)?.[1]
  const entry = serverEntry(cwd, scriptName ? pkg?.scripts?.[scriptName] : undefined, pkg)
  const sourceRoutes = entry ? scanRoutes(entry) : []
  const fromScripts = scriptPaths(pkg)
  const candidates = [...new Set([...fromScripts, ...HEALTH_PATHS, ...sourceRoutes, '/'])].slice(0, MAX_TRIED)
  const result: RouteDiscovery = { readyPath: null, scenarios: [], sourceRoutes, tried: [], problem: null }

  const children: ChildProcess[] = []
  const controller = new AbortController()
  const timeoutMs = options.timeoutMs ?? 20_000
  let server: Awaited<ReturnType<typeof startServerCommand>>
  try {
    // Ready at once (no readyPath, no pattern): whether it listens is polled below, with its exit watched.
    server = await startServerCommand(
      { command, readyPath: null, timeout: timeoutMs, label: 'The server script' },
      { cwd, signal: controller.signal, track: (child) => children.push(child) },
    )
  } catch (error) {
    return { ...result, problem: `\`${command}\` did not start: ${errorMessage(error).split('\n')[0]}` }
  }
  try {
    let exited: string | null = null
    void server.group.exited.then((exit) => {
      exited = exit.error ? exit.error.message : `exited with code ${exit.code ?? exit.signal}`
    })
    const deadline = Date.now() + timeoutMs
    while ((await httpStatus(`${server.origin}/`, controller.signal)) === null) {
      if (exited !== null || Date.now() >= deadline) {
        const last = server.group.lastLines(3).replace(/\s*\n\s*/g, ' | ')
        result.problem = `\`${command}\` ${exited ?? `did not listen on 127.0.0.1 at $PORT within ${timeoutMs / 1000} s`}${last ? ` (last output: ${last})` : ''}`
        return result
      }
      await sleep(200)
    }
    for (const path of candidates)
      result.tried.push({
        path,
        status: await httpStatus(`${server.origin}${path}`, controller.signal, 5000),
      })
  } finally {
    await server.stop()
  }
  const ok = (path: string) =>
    result.tried.some((t) => t.path === path && t.status !== null && t.status < 300 && t.status >= 200)
  result.readyPath = candidates.find(ok) ?? null
  const health = new Set([...HEALTH_PATHS, ...fromScripts])
  const appRoutes = sourceRoutes.filter((path) => !health.has(path) && path !== '/' && ok(path))
  result.scenarios =
    appRoutes.length > 0
      ? appRoutes.slice(0, 3)
      : ok('/')
        ? ['/']
        : result.readyPath
          ? [result.readyPath]
          : []
  return result
}
