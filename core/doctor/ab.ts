import { inspectProject } from '../config/project.js'
import type { ResolvedConfig } from '../config/types.js'
import type { CheckResult } from './types.js'

/**
 * Pull requests time sampled plugins against their merge-base, built with `ab.build` (the Action's
 * default mode, `perfgate run --ab`). Nothing to say when no plugin measures in rounds.
 */
export function abCheck(config: ResolvedConfig): CheckResult[] {
  const sampled = config.plugins.filter((p) => p.sampled).map((p) => p.name.replace(/^perfgate:/, ''))
  if (sampled.length === 0) return []
  const what = `${sampled.join(', ')} measure${sampled.length === 1 ? 's' : ''} timings`
  if (config.ab.build)
    return [
      {
        name: 'ab',
        status: 'ok',
        message: `${what}: a pull request's base is built with \`${config.ab.build}\` for A/B`,
      },
    ]
  const project = inspectProject(config.root)
  const suggested = project.abBuild
  if (!suggested && project.packageManager === 'npm' && project.npmLocked)
    return [
      {
        name: 'ab',
        status: 'ok',
        message: `${what}: a pull request's base gets your node_modules (npm ci when its lockfile differs) and has no build script to run, for A/B`,
      },
    ]
  return [
    {
      name: 'ab',
      status: 'warn',
      message: `${what}, and the config has no ab.build: a pull request's base is measured as committed, unbuilt`,
      fix: suggested
        ? `add \`ab: { build: '${suggested}' }\` to the config if the app needs installing or building`
        : 'add `ab: { build: "<install and build command>" }` to the config if the app needs building',
    },
  ]
}
