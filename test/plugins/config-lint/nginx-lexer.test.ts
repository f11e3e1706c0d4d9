import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../../core/toolkit/index.js'
import {
  dumpSource,
  type NginxDirective,
  parseNginxFile,
  parseNginxTree,
  splitNginxDump,
} from '../../../plugins/config-lint/parse/nginx.js'
import { tempDir } from '../../helpers/paths.js'
import { runProcess } from '../../helpers/process.js'
import { nginxArgs, startNginx } from './nginx-server.js'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** name, args and line of every directive, nested blocks flattened in order. */
function shape(directives: NginxDirective[]): string[] {
  return directives.flatMap((d) => [
    `${d.range.line} ${d.name} ${JSON.stringify(d.args)}`,
    ...(d.block ? shape(d.block) : []),
  ])
}

async function nginxDump(conf: string, prefix?: string): Promise<string> {
  const args = ['-T', '-c', conf, ...(prefix ? ['-p', prefix, '-e', join(prefix, 'error.log')] : [])]
  const result = await runProcess('nginx', args)
  if (result.code !== 0) throw new Error(`nginx -T failed: ${result.stderr}`)
  return result.stdout
}

describe('nginx lexer and include following, against nginx itself', () => {
  it('reads the same files, in the same order, as `nginx -T` on the configs Debian installs', async () => {
    const dump = await nginxDump('/etc/nginx/nginx.conf')
    const sections = splitNginxDump(dump)
    const tree = parseNginxTree('/etc/nginx/nginx.conf')
    expect(tree.failures).toEqual([])
    expect(tree.files).toEqual(sections.map((s) => s.file))
    expect(tree.files).toContain('/etc/nginx/sites-enabled/default')
    for (const section of sections) {
      // nginx -T prints each file as read: the lexer sees the same directives, on the same lines.
      expect(shape(parseNginxFile(section.text, section.file))).toEqual(
        shape(parseNginxFile(readFileSync(section.file, 'utf8'), section.file)),
      )
    }
    // The dump, parsed as one tree, expands to what the disk tree does.
    const fromDump = parseNginxTree(sections[0].file, dumpSource(sections))
    expect(shape(fromDump.directives)).toEqual(shape(tree.directives))
    expect(shape(tree.directives).some((l) => l.includes('server'))).toBe(true)
  })

  it('follows relative and glob includes as nginx does (sorted, against the config folder)', async () => {
    const { dir, cleanup } = tempDir('perfgate-nginx-')
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'conf.d'))
    mkdirSync(join(dir, 'snippets'))
    writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n')
    writeFileSync(
      join(dir, 'conf.d/b.conf'),
      'server {\n  listen 127.0.0.1:1;\n  include snippets/h.conf;\n}\n',
    )
    writeFileSync(join(dir, 'conf.d/a.conf'), 'server {\n  listen 127.0.0.1:2;\n}\n')
    writeFileSync(join(dir, 'snippets/h.conf'), 'add_header X-A a;\n')
    const sections = splitNginxDump(await nginxDump(join(dir, 'nginx.conf'), dir))
    const tree = parseNginxTree(join(dir, 'nginx.conf'))
    expect(tree.files).toEqual(sections.map((s) => s.file))
    expect(tree.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'nginx.conf',
      'conf.d/a.conf',
      'conf.d/b.conf',
      'snippets/h.conf',
    ])
    const header = shape(tree.directives).find((l) => l.includes('add_header'))
    expect(header).toBe('1 add_header ["X-A","a"]')
  })

  it('tokenises quotes, escapes, `#` inside words and ${var} as nginx does (a real nginx serves the values)', {
    timeout: 20_000,
  }, async () => {
    const { dir, cleanup } = tempDir('perfgate-nginx-')
    cleanups.push(cleanup)
    const port = await freePort()
    // Each location returns one argument; the bodies nginx sends are what it tokenised.
    const cases: Record<string, string> = {
      '/double': '"a \\"quoted\\" word; {x}"',
      '/single': "'it\\'s; {y}'",
      '/tab': '"a\\tb"',
      '/hash': 'a#b',
      '/var': 'x${uri}y',
      '/multi': '"line one\nline two"',
      '/escape': 'semi\\;colon',
    }
    const locations = Object.entries(cases)
      .map(([path, arg]) => `    location = ${path} { default_type text/plain; return 200 ${arg}; }`)
      .join('\n')
    const conf = `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n  access_log off;\n  server {\n    listen 127.0.0.1:${port};\n${locations}\n  }\n}\n`
    writeFileSync(join(dir, 'nginx.conf'), conf)
    const nginx = await startNginx(dir, `http://127.0.0.1:${port}/`)
    cleanups.push(nginx.stop)
    const parsed = parseNginxFile(conf, 'nginx.conf')
    const server = parsed.find((d) => d.name === 'http')!.block!.find((d) => d.name === 'server')!.block!
    for (const path of Object.keys(cases)) {
      const location = server.find((d) => d.name === 'location' && d.args[1] === path)!
      const ours = location.block!.find((d) => d.name === 'return')!.args[1]
      const body = await (await fetch(`http://127.0.0.1:${port}${path}`)).text()
      expect(ours.replace(/\$\{uri\}/, path), path).toBe(body)
    }
  })

  it('reports syntax errors with the position nginx names', async () => {
    const { dir, cleanup } = tempDir('perfgate-nginx-')
    cleanups.push(cleanup)
    const text = 'events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n'
    writeFileSync(join(dir, 'nginx.conf'), text)
    const nginx = await runProcess('nginx', ['-t', ...nginxArgs(dir)])
    expect(nginx.code).not.toBe(0)
    const nginxLine = Number(/:(\d+)\s*$/m.exec(nginx.stderr)?.[1])
    const tree = parseNginxTree(join(dir, 'nginx.conf'))
    expect(tree.failures).toHaveLength(1)
    expect(tree.failures[0]).toMatchObject({ file: join(dir, 'nginx.conf'), line: nginxLine })
  })
})
