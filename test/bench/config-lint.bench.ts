/**
 * config-lint benchmark: lint time for 1,000 config files against bare parsing of the same files.
 *
 *   npx jiti test/bench/config-lint.bench.ts [files]
 *
 * The files are real shapes: Debian's /etc/redis/redis.conf and nginx default site (when installed),
 * the original system's YAML configs, `_headers` and netlify.toml, a quarter of each kind, each file
 * varied so no parse is cached. Bare parsing = read + parse with the same parsers; linting = the whole
 * engine (discovery, parsing, every rule, disable comments). Rounds alternate; medians are reported.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_GLOBS, DEFAULT_IGNORE, findTargets } from '../../plugins/config-lint/files.js'
import { lintTargets } from '../../plugins/config-lint/lint.js'
import { parseTomlDocument, parseYamlDocuments } from '../../plugins/config-lint/parse/data.js'
import { parseHeadersFile } from '../../plugins/config-lint/parse/headers-file.js'
import { parseNginxTree } from '../../plugins/config-lint/parse/nginx.js'
import { parseRedisConf } from '../../plugins/config-lint/parse/redis-conf.js'
import { resolveRules } from '../../plugins/config-lint/resolve-rules.js'
import { BUILTIN_RULES } from '../../plugins/config-lint/rules/index.js'
import { REPO_ROOT, tempDir } from '../helpers/paths.js'

const FILES = Number(process.argv[2]) || 1000
const ROUNDS = 5
const out = (line: string) => process.stdout.write(`${line}\n`)

const example = (name: string) =>
  readFileSync(join(REPO_ROOT, 'examples/original-system/config', name), 'utf8')
const redisConf = existsSync('/etc/redis/redis.conf')
  ? readFileSync('/etc/redis/redis.conf', 'utf8')
  : example('redis.conf')
const nginxSite = existsSync('/etc/nginx/sites-available/default')
  ? readFileSync('/etc/nginx/sites-available/default', 'utf8')
  : 'server {\n  listen 80;\n  root /var/www/html;\n  location / { try_files $uri $uri/ =404; }\n}\n'
const yamls = ['logging-config.yaml', 'monitoring-config.yaml', 'communication-config.yaml'].map(example)
const headers =
  '/*\n  X-Frame-Options: DENY\n  Cache-Control: no-cache\n/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n'
const toml =
  '[[headers]]\n  for = "/assets/*"\n  [headers.values]\n    Cache-Control = "public, max-age=31536000, immutable"\n'

function writeCorpus(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const kind = i % 4
    const folder = join(dir, `svc-${Math.floor(i / 4)}`)
    mkdirSync(join(folder, 'nginx'), { recursive: true })
    const vary = `# file ${i}\n`
    if (kind === 0) writeFileSync(join(folder, 'redis.conf'), `${vary}${redisConf}\nport ${6000 + i}\n`)
    if (kind === 1)
      writeFileSync(
        join(folder, 'nginx', 'site.conf'),
        `${vary}${nginxSite.replace('listen 80', `listen ${8000 + i}`)}`,
      )
    if (kind === 2) writeFileSync(join(folder, `config-${i}.yaml`), `${vary}${yamls[i % 3]}`)
    if (kind === 3) {
      if (i % 8 === 3) writeFileSync(join(folder, '_headers'), `${vary}${headers}`)
      else writeFileSync(join(folder, 'netlify.toml'), `${vary}${toml}`)
    }
  }
}

async function bareParse(dir: string): Promise<number> {
  const targets = findTargets(dir, DEFAULT_GLOBS, DEFAULT_IGNORE)
  const start = performance.now()
  for (const t of targets) {
    if (t.kind === 'nginx') {
      parseNginxTree(t.file)
      continue
    }
    const text = await readFile(t.file, 'utf8')
    if (t.kind === 'redis') parseRedisConf(text, t.file)
    else if (t.kind === 'headers') parseHeadersFile(text, t.file)
    else if (t.file.endsWith('.toml')) await parseTomlDocument(text, t.file)
    else await parseYamlDocuments(text, t.file, 'yaml')
  }
  return performance.now() - start
}

async function lint(dir: string): Promise<{ ms: number; findings: number }> {
  const rules = resolveRules(BUILTIN_RULES, {})
  const start = performance.now()
  const targets = findTargets(dir, DEFAULT_GLOBS, DEFAULT_IGNORE)
  const findings = await lintTargets({ root: dir, targets, rules })
  return { ms: performance.now() - start, findings: findings.length }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const { dir, cleanup } = tempDir('perfgate-lint-bench-')
try {
  writeCorpus(dir)
  const count = findTargets(dir, DEFAULT_GLOBS, DEFAULT_IGNORE).length
  out(`config-lint bench: ${count} files (${ROUNDS} rounds, alternating, after one warm-up of each)`)
  await bareParse(dir)
  await lint(dir)
  const parse: number[] = []
  const linted: number[] = []
  let findings = 0
  for (let r = 0; r < ROUNDS; r++) {
    parse.push(await bareParse(dir))
    const l = await lint(dir)
    linted.push(l.ms)
    findings = l.findings
  }
  const p = median(parse)
  const l = median(linted)
  out(`bare parsing  median ${p.toFixed(0)} ms  (${((p / count) * 1000).toFixed(0)} µs/file)`)
  out(
    `full lint     median ${l.toFixed(0)} ms  (${((l / count) * 1000).toFixed(0)} µs/file, ${findings} findings, ${Object.keys(BUILTIN_RULES).length} rules)`,
  )
  out(`ratio lint / parse: ${(l / p).toFixed(2)}×`)
} finally {
  cleanup()
}
