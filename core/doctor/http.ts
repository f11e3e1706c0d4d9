import type { ChildProcess } from 'node:child_process'
import { relative } from 'node:path'
import type { ResolvedConfig } from '../config/types.js'
import { errorMessage, isPerfgateError } from '../model/errors.js'
import { killGroup } from '../toolkit/process-group.js'
import { startServerCommand } from '../toolkit/server-command.js'
import type { CheckResult } from './types.js'

/** A plugin's server block, as the bench plugin's `http` option resolves (read by shape, not by plugin). */
interface HttpServer {
  command: string | string[]
  cwd?: string
  env?: Record<string, string>
  readyPath?: string
  readyTimeout?: number
  scenarios: Array<{
    name: string
    method?: string
    path: string
    headers?: Record<string, string>
    body?: string
    expectStatus?: number[] | null
  }>
}

function isHttpServer(value: unknown): value is HttpServer {
  const http = value as Partial<HttpServer> | null
  return (
    typeof http === 'object' &&
    http !== null &&
    (typeof http.command === 'string' || Array.isArray(http.command)) &&
    Array.isArray(http.scenarios)
  )
}

/** The HTTP servers the config's plugins start, with their scenarios. */
export function httpServers(config: ResolvedConfig): Array<{ plugin: string; http: HttpServer }> {
  return config.plugins.flatMap((plugin) => {
    const http = (plugin.options as { http?: unknown } | undefined)?.http
    return isHttpServer(http) ? [{ plugin: plugin.name.replace(/^perfgate:/, ''), http }] : []
  })
}

/**
 * Starts each HTTP server of the config as `perfgate run` would (PORT, readyPath until 2xx/3xx) and
 * sends each scenario's request once: a scenario that answers anything but 2xx (or its expectStatus)
 * would be measured as 100 % errors. One line per scenario; nothing when the config has no server.
 */
export async function httpChecks(config: ResolvedConfig, cwd: string): Promise<CheckResult[]> {
  const file = config.configFile ? relative(cwd, config.configFile) || config.configFile : 'the config'
  const results: CheckResult[] = []
  for (const { plugin, http } of httpServers(config)) {
    const children: ChildProcess[] = []
    const controller = new AbortController()
    let server: Awaited<ReturnType<typeof startServerCommand>>
    try {
      server = await startServerCommand(
        {
          command: http.command,
          cwd: http.cwd,
          env: http.env,
          readyPath: http.readyPath ?? '/',
          timeout: http.readyTimeout ?? 30_000,
          timeoutOption: `${plugin} http.readyTimeout`,
          label: `The ${plugin} http.command`,
        },
        { cwd: config.root, signal: controller.signal, track: (child) => children.push(child) },
      )
    } catch (error) {
      await Promise.all(children.map((child) => killGroup(child)))
      results.push({
        name: 'http',
        status: 'fail',
        message: `${file}: ${errorMessage(error).replace(/\n+/g, ' | ')}`,
        fix: (isPerfgateError(error) && error.hint) || 'fix http.command so that it starts the server',
      })
      continue
    }
    try {
      for (const scenario of http.scenarios) results.push(await scenarioCheck(file, scenario, server.origin))
    } finally {
      await server.stop()
    }
  }
  return results
}

async function scenarioCheck(
  file: string,
  scenario: HttpServer['scenarios'][number],
  origin: string,
): Promise<CheckResult> {
  const method = (scenario.method ?? 'GET').toUpperCase()
  const url = scenario.path.startsWith('/') ? `${origin}${scenario.path}` : scenario.path
  const where = `${file}, scenario "${scenario.name}": ${method} ${url}`
  const wanted = scenario.expectStatus ?? null
  let status: number
  try {
    const response = await fetch(url, {
      method,
      headers: scenario.headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : scenario.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
    await response.body?.cancel()
    status = response.status
  } catch (error) {
    return {
      name: 'http',
      status: 'fail',
      message: `${where} got no answer: ${errorMessage(error)}`,
      fix: 'check that the server serves this path (perfgate run would count every request as an error)',
    }
  }
  const ok = wanted ? wanted.includes(status) : status >= 200 && status < 300
  if (ok) return { name: 'http', status: 'ok', message: `${where} answered ${status}` }
  return {
    name: 'http',
    status: 'fail',
    config: true,
    message: `${where} answered ${status}, not ${wanted ? wanted.join(' or ') : '2xx'}`,
    fix: `point the scenario's path at a route that answers 2xx (or set expectStatus: ${status} if that answer is right): perfgate run would measure every request as an error`,
  }
}
