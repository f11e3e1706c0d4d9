import { resolve } from 'node:path'
import type { Registry } from '../config/resolve.js'
import { DEFAULT_BASELINE_BRANCH } from '../config/resolve.js'
import { abCheck } from './ab.js'
import { chromeCheck } from './chrome.js'
import { configCheck, outputCheck } from './config.js'
import { gitChecks } from './git.js'
import { httpChecks } from './http.js'
import { nodeCheck } from './node.js'
import type { CheckResult } from './types.js'

export interface DoctorOptions {
  cwd?: string
  configFile?: string
  registry?: Registry
  /** For the commands that talk to the git remote; default 30 s. */
  remoteTimeoutMs?: number
}

export interface DoctorReport {
  checks: CheckResult[]
  /** 0 all pass (warnings allowed); 2 the config is missing or broken; 3 something else must be fixed. */
  exitCode: 0 | 2 | 3
}

/** Every check `perfgate doctor` makes, in the order printed. Independent checks run at the same time. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const cwd = resolve(options.cwd ?? process.cwd())
  const { result: config, config: resolved } = await configCheck({
    cwd,
    configFile: options.configFile,
    registry: options.registry,
  })
  const root = resolved?.root ?? cwd
  const needsChrome =
    resolved === null || resolved.plugins.some((p) => p.name.replace(/^perfgate:/, '') === 'lighthouse')
  const [git, chrome, output, http] = await Promise.all([
    gitChecks({
      cwd: root,
      remote: resolved?.baseline.remote ?? 'origin',
      branch: resolved?.baseline.branch ?? DEFAULT_BASELINE_BRANCH,
      timeoutMs: options.remoteTimeoutMs,
    }),
    chromeCheck(needsChrome),
    resolved
      ? outputCheck(resolved.outDir, cwd)
      : Promise.resolve<CheckResult>({ name: 'output', status: 'skip', message: 'needs a config' }),
    resolved ? httpChecks(resolved, cwd) : Promise.resolve([]),
  ])
  const checks = [
    nodeCheck(),
    config,
    ...git,
    chrome,
    output,
    ...(resolved ? abCheck(resolved) : []),
    ...http,
  ]
  const failed = checks.filter((c) => c.status === 'fail')
  const exitCode = failed.some((c) => c.config) ? 2 : failed.length > 0 ? 3 : 0
  return { checks, exitCode }
}
