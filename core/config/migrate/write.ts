import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { PerfgateError } from '../../model/errors.js'
import { configSearchDirs } from '../find.js'
import { ignoreOutput, refuseExistingConfig } from '../init.js'
import { inspectProject, readPackageJson } from '../project.js'
import { readFromFile } from './detect.js'
import { fromLighthouseCi } from './lighthouse-ci.js'
import { mergeMigrations } from './merge.js'
import { renderConfig } from './render-config.js'
import { renderWorkflow, runScriptOf } from './render-workflow.js'
import { fromSizeLimit } from './size-limit.js'
import type { Migration, Tool } from './types.js'
import { fromWorkflow } from './workflow.js'

export interface MigrateResult {
  file: string
  workflow: { file: string; written: boolean }
  migration: Migration
  /** The source files that are executed JavaScript. */
  executed: string[]
  gitignore: 'created' | 'added' | 'present'
}

/** Translates each `--from` file into one Migration (a workflow can give several). */
export async function translate(
  from: string[],
  cwd: string,
): Promise<{ migrations: Migration[]; executed: string[] }> {
  const pkg = readPackageJson(cwd)
  const facts = inspectProject(cwd)
  const gitRoot = configSearchDirs(cwd).gitRoot ?? cwd
  const rootToCwd = relative(gitRoot, cwd).replace(/\\/g, '/')
  const migrations: Migration[] = []
  const executed: string[] = []
  for (const given of from) {
    const path = resolve(cwd, given)
    const { kind, src } = await readFromFile(path, cwd)
    if (/\.(c|m)?[jt]s$/i.test(path)) executed.push(src.file)
    if (kind === 'lighthouse-ci') migrations.push(fromLighthouseCi(src))
    else if (kind === 'size-limit') migrations.push(fromSizeLimit(src, pkg, cwd))
    else {
      const found = fromWorkflow(src, {
        cwd,
        rootToCwd,
        runScript: (script) => runScriptOf(facts.packageManager, script),
      })
      if (found.length === 0)
        throw new PerfgateError(
          'USAGE',
          `--from ${src.file}: no github-action-benchmark or compressed-size-action step in it.`,
          {
            hint: 'Give the workflow that has the step, or the tool’s own config file.',
          },
        )
      migrations.push(...found)
    }
  }
  return { migrations, executed }
}

/**
 * `perfgate init --from`: writes the equivalent perfgate.config.ts and .github/workflows/perfgate.yml,
 * and ignores `.perfgate/`. An existing config is never replaced without `force` (as `perfgate init`);
 * nor is an existing workflow, which is then left as it is and reported.
 */
export async function writeMigratedConfig(
  cwd: string,
  options: { from: string[]; force?: boolean },
): Promise<MigrateResult> {
  const hint = 'Edit it, or add --force to replace it with the translated config.'
  refuseExistingConfig(cwd, options.force, { here: hint, above: () => hint })
  const { migrations, executed } = await translate(options.from, cwd)
  const migration = mergeMigrations(migrations)
  const facts = inspectProject(cwd)
  const pkg = readPackageJson(cwd)
  const sources = migrations.map((m) => ({ file: m.source, tool: m.tool as Tool }))
  const uniqueSources = sources.filter((s, i) => sources.findIndex((t) => t.file === s.file) === i)
  const file = join(cwd, 'perfgate.config.ts')
  await writeFile(file, renderConfig(migration, { sources: uniqueSources, abBuild: facts.abBuild }))

  const gitRoot = configSearchDirs(cwd).gitRoot ?? cwd
  const workflowFile = join(gitRoot, '.github/workflows/perfgate.yml')
  let written = false
  if (!existsSync(workflowFile) || options.force) {
    await mkdir(dirname(workflowFile), { recursive: true })
    await writeFile(
      workflowFile,
      renderWorkflow(migration, {
        sources: uniqueSources.map((s) => s.file),
        packageManager: facts.packageManager,
        npmLocked: facts.npmLocked,
        hasBuild: Boolean(pkg?.scripts?.build),
        rootToCwd: relative(gitRoot, cwd).replace(/\\/g, '/'),
        defaultBranch: defaultBranch(gitRoot),
      }),
    )
    written = true
  }
  const gitignore = await ignoreOutput(cwd)
  return { file, workflow: { file: workflowFile, written }, migration, executed, gitignore }
}

/** The remote's default branch (origin/HEAD), else `main` or `master` when checked out, else `main`. */
function defaultBranch(gitRoot: string): string {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, {
        cwd: gitRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
    } catch {
      return ''
    }
  }
  const remote = git('symbolic-ref', '--short', 'refs/remotes/origin/HEAD').replace(/^origin\//, '')
  if (remote) return remote
  const current = git('rev-parse', '--abbrev-ref', 'HEAD')
  return current === 'master' ? 'master' : 'main'
}
