import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { builtinRegistry } from '../../../core/cli/registry.js'
import { findConfigFile } from '../../../core/config/find.js'
import { loadConfig } from '../../../core/config/load.js'
import { resolveConfig } from '../../../core/config/resolve.js'
import { PerfgateError } from '../../../core/model/errors.js'
import { fixture, tempDir } from '../../helpers/paths.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<PerfgateError> {
  const error = await loadConfig(options).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(PerfgateError)
  return error as PerfgateError
}

describe('loadConfig', () => {
  it('loads a TypeScript config with a user-written plugin and resolves budgets', async () => {
    const config = await loadConfig({ cwd: fixture('custom-plugin') })
    expect(config.configFile).toBe(join(fixture('custom-plugin'), 'perfgate.config.ts'))
    expect(config.plugins.map((p) => p.name)).toEqual(['perfgate:word-count'])
    expect(config.budgets).toEqual([
      { pattern: 'words/count', max: 2, source: 'config' },
      { pattern: 'words/*', max: 100, source: 'config' },
    ])
    expect(config.failOn).toBe('budget')
    expect(config.outDir).toBe(join(fixture('custom-plugin'), '.perfgate'))
  })

  it('finds the config from a subfolder, stopping at the git root', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'repo/.git'), { recursive: true })
    mkdirSync(join(dir, 'repo/packages/app'), { recursive: true })
    writeFileSync(join(dir, 'perfgate.config.json'), '{}') // above the git root: must not be found
    expect(findConfigFile(join(dir, 'repo/packages/app'))).toBeNull()
    writeFileSync(join(dir, 'repo/perfgate.config.mjs'), 'export default {}')
    expect(findConfigFile(join(dir, 'repo/packages/app'))).toBe(join(dir, 'repo/perfgate.config.mjs'))
  })

  it('expands a JSON config’s named presets and plugins; a config plugin replaces the preset’s', async () => {
    const config = await loadConfig({ cwd: fixture('config-json-preset'), registry: builtinRegistry })
    // recommended lints the project's configs too; the config's own host plugin replaced the preset's.
    expect(config.plugins.map((p) => p.name)).toEqual(['perfgate:config-lint', 'perfgate:host'])
    const memory = config.budgets.find((b) => b.pattern === 'host/memory/used')
    expect(memory).toEqual({ pattern: 'host/memory/used', max: 99.9, source: 'config' })
    expect(config.budgets.find((b) => b.pattern === 'host/cpu/busy')?.source).toBe('preset:recommended')
    expect(config.failOn).toBe('none')
  })

  it('takes a preset’s minimum effects for noisy timings; the config’s own thresholds come after and win', async () => {
    const { createThresholdLookup } = await import('../../../core/compare/thresholds.js')
    // Through a config file, as users write it: the config schema must keep what a preset returns.
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    writeFileSync(
      join(dir, 'perfgate.config.json'),
      JSON.stringify({
        presets: ['spa'],
        compare: { thresholds: { 'lighthouse/checkout/tbt': { rel: 0.1 } } },
      }),
    )
    const config = await loadConfig({ cwd: dir, registry: builtinRegistry })
    const lookup = createThresholdLookup(config.compare)
    expect(lookup.sampled('lighthouse/home/tbt').rel).toBe(0.2)
    expect(lookup.sampled('lighthouse/home/si').rel).toBe(0.1)
    expect(lookup.sampled('lighthouse/home/fcp').rel).toBe(0.06)
    expect(lookup.sampled('lighthouse/checkout/tbt').rel).toBe(0.1)
    expect(lookup.sampled('lighthouse/home/lcp').rel).toBe(config.compare.minEffect)
  })

  it('names the file and the error for a syntax error', async () => {
    const error = await loadError({ cwd: fixture('config-syntax-error') })
    expect(error.code).toBe('CONFIG_LOAD')
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain(join(fixture('config-syntax-error'), 'perfgate.config.mjs'))
  })

  it('names the option path and what was expected for unknown options and wrong types', async () => {
    const error = await loadError({ cwd: fixture('config-unknown-option') })
    expect(error.code).toBe('CONFIG_INVALID')
    expect(error.message).toContain('perfgate.config.json')
    expect(error.message).toContain('unknown option "budget"')
    expect(error.message).toMatch(/failOn: .*"regression"/)
  })

  it('a default export that is a rejected promise is a config error (exit 2) with the hint, .mjs and .ts', async () => {
    for (const name of ['perfgate.config.mjs', 'perfgate.config.ts']) {
      const { dir, cleanup } = tempDir()
      cleanups.push(cleanup)
      writeFileSync(join(dir, name), "export default Promise.reject(new Error('no config today'))\n")
      const error = await loadError({ cwd: dir, configFile: name })
      expect(error.code, name).toBe('CONFIG_LOAD')
      expect(error.exitCode).toBe(2)
      expect(error.message).toContain(join(dir, name))
      expect(error.message).toContain('no config today')
      expect(error.hint).toContain('export default defineConfig')
    }
  })

  it('a default export of null, a number or nothing says so, naming the file and what to export', async () => {
    const cases = [
      ['perfgate.config.mjs', 'export default null', 'the default export is null'],
      ['perfgate.config.ts', 'export default null', 'the default export is null'],
      ['perfgate.config.ts', 'export default undefined', 'the default export is undefined'],
      ['perfgate.config.mjs', 'export default 42', 'the default export is a number'],
      ['perfgate.config.mjs', 'export const plugins = []', 'has no default export'],
      ['perfgate.config.json', 'null', 'the file holds null'],
    ]
    for (const [name, text, said] of cases) {
      const { dir, cleanup } = tempDir()
      cleanups.push(cleanup)
      writeFileSync(join(dir, name), `${text}\n`)
      const error = await loadError({ cwd: dir, configFile: name })
      expect(error.code, text).toBe('CONFIG_INVALID')
      expect(error.exitCode).toBe(2)
      expect(error.message, text).toContain(said)
      expect(error.message).toContain(name)
      expect(error.message).not.toContain('unknown option')
      expect(error.hint).toMatch(name.endsWith('.json') ? /one object/ : /defineConfig\(\{/)
    }
  })

  it('rejects a non-plugin, naming its index', async () => {
    const error = await loadError({ cwd: fixture('config-not-a-plugin') })
    expect(error.message).toMatch(/plugins\[1\]: expected a plugin/)
  })

  it('reports a missing --config file', async () => {
    const error = await loadError({ cwd: fixture('custom-plugin'), configFile: 'nope.config.ts' })
    expect(error.code).toBe('CONFIG_NOT_FOUND')
    expect(error.message).toContain('nope.config.ts')
  })

  it('exits 2 when no config is found, naming every folder it looked in and `perfgate init`', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'repo/.git'), { recursive: true })
    mkdirSync(join(dir, 'repo/packages/app'), { recursive: true })
    writeFileSync(join(dir, 'perfgate.config.json'), '{}') // above the git root: not looked at
    const error = await loadError({ cwd: join(dir, 'repo/packages/app') })
    expect(error.code).toBe('CONFIG_NOT_FOUND')
    expect(error.exitCode).toBe(2)
    for (const folder of ['repo/packages/app', 'repo/packages'])
      expect(error.message).toContain(join(dir, folder))
    expect(error.message).toContain(`${join(dir, 'repo')} (the git root)`)
    expect(error.message).not.toContain(`${dir},`)
    expect(error.hint).toContain('perfgate init')
    // Commands that only read report files may go without one: then the defaults apply.
    const config = await loadConfig({ cwd: join(dir, 'repo/packages/app'), optional: true })
    expect(config.configFile).toBeNull()
    expect(config.failOn).toBe('regression')
  })

  it('rejects an unknown named plugin with the list of built-in ones', async () => {
    const error = await resolveConfig(
      { plugins: ['hots'] },
      { root: '/tmp', configFile: null, registry: builtinRegistry },
    ).catch((e) => e)
    expect(error).toBeInstanceOf(PerfgateError)
    expect(error.message).toContain('plugins[0]: unknown plugin "hots"')
    expect(error.hint).toContain('host')
  })
})
