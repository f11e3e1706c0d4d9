import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderJson } from '../../../core/report/json.js'
import { renderMarkdown } from '../../../core/report/markdown.js'
import { CLI, tempDir } from '../../helpers/paths.js'
import { loadFixture } from '../report/helpers.js'

const temp = tempDir('perfgate-report-cli-')
const report = loadFixture('regression-report')

function perfgate(args: string[], cwd = temp.dir) {
  const result = spawnSync(process.execPath, [CLI, 'report', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(() => {
  mkdirSync(join(temp.dir, '.perfgate'))
  writeFileSync(join(temp.dir, '.perfgate/report.json'), renderJson(report))
})
afterAll(() => temp.cleanup())

describe('perfgate report (child process)', { timeout: 60_000 }, () => {
  it('prints Markdown (the default) and JSON of .perfgate/report.json as the run wrote them', () => {
    const md = perfgate([])
    expect(md.code).toBe(0)
    expect(md.stdout).toBe(renderMarkdown(report))
    const json = perfgate(['--format', 'json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual(report)
  })

  it('writes HTML to --out, its artifact links pointing back at the report’s folder', () => {
    const { code, stderr } = perfgate([
      '--format',
      'html',
      '--input',
      '.perfgate/report.json',
      '--out',
      'site/r.html',
    ])
    expect(code).toBe(0)
    expect(stderr).toContain('site/r.html')
    const html = readFileSync(join(temp.dir, 'site/r.html'), 'utf8')
    expect(html).toContain('id="verdict">Fail<')
    expect(html).toContain('href="../.perfgate/lighthouse/home.html"')
  })

  it('names the formats when given another, and the file when it is not a report (exit 2)', () => {
    const bad = perfgate(['--format', 'xml'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format must be md, json, html, sarif')
    writeFileSync(join(temp.dir, 'broken.json'), '{"schemaVersion": 1}')
    const broken = perfgate(['--input', 'broken.json'])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('broken.json is not a perfgate report')
  })

  it('sarif: without a config, renders and warns that rules carry only their ids', () => {
    const result = perfgate(['--format', 'sarif'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).version).toBe('2.1.0')
    expect(result.stderr).toContain('No perfgate config found from here')
  })

  it('sarif: a config found here that does not load costs only the descriptions, with a warning saying why', () => {
    const project = join(temp.dir, 'broken-config')
    mkdirSync(join(project, '.git'), { recursive: true })
    writeFileSync(join(project, 'perfgate.config.json'), '{ "plugins": [ }\n')
    writeFileSync(join(project, 'report.json'), renderJson(report))
    const result = perfgate(['--format', 'sarif', '--input', 'report.json'], project)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).version).toBe('2.1.0')
    expect(result.stderr).toMatch(/The perfgate config could not be loaded \(.*perfgate\.config\.json/)
  })

  it('sarif: with the config, rules are described by its plugins and file-less findings sit on the config, as run --sarif writes them', () => {
    const project = join(temp.dir, 'project')
    mkdirSync(join(project, '.git'), { recursive: true })
    writeFileSync(join(project, 'perfgate.config.json'), '{ "plugins": ["host"] }\n')
    const down = {
      ...report,
      findings: [
        { plugin: 'perfgate:host', ruleId: 'host/service-down', severity: 'error', message: 'api is down' },
      ],
    }
    writeFileSync(join(project, 'report.json'), renderJson(down as typeof report))
    const result = perfgate(['--format', 'sarif', '--input', 'report.json'], project)
    expect(result.stderr).not.toContain('No perfgate config')
    expect(result.code).toBe(0)
    const run = JSON.parse(result.stdout).runs[0]
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'host/service-down')
    expect(rule.shortDescription.text).toBe('A service health check failed.')
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('perfgate.config.json')
  })
})
