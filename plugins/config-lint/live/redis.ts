import type { FindingInput, MetricInput } from '../../../core/model/types.js'
import { type LintRuleSet, lintLive } from '../lint.js'
import type { RedisConf, RedisDirective } from '../parse/redis-conf.js'
import { REDIS_UNREACHABLE } from '../rules/redis-unreachable.js'
import { RespClient, RespError, type RespValue } from './resp.js'

export interface RedisServer {
  name: string
  url: string
  role: 'cache' | 'queue' | 'store'
  sampleMs: number
  timeoutMs: number
}

export interface RedisProbe {
  metrics: MetricInput[]
  findings: FindingInput[]
}

/** `${NAME}` in a URL from the environment, so passwords stay out of the config. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => env[name] ?? '')
}

/** INFO's `key:value` lines. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1))
  }
  return out
}

/** The rules with a `role` option: a live server's own `role` (the `redis` option) is theirs. */
const ROLE_RULES = new Set(['redis/memory-policy', 'redis/persistence-role'])

/**
 * Checks a running Redis: its effective settings (CONFIG GET) through the same redis rules as a
 * redis.conf, the hit rate from INFO stats, and memory used against maxmemory. A dead server is one
 * `redis/unreachable` finding.
 */
export async function probeRedis(
  server: RedisServer,
  rules: LintRuleSet,
  facts: { memoryLimit?: number },
  signal: AbortSignal,
): Promise<RedisProbe> {
  const url = new URL(expandEnv(server.url))
  const shown = `redis://${url.hostname}:${url.port || 6379}`
  let client: RespClient | undefined
  try {
    client = await RespClient.connect(url.hostname, Number(url.port || 6379), server.timeoutMs)
    if (url.password || url.username) {
      const auth = url.username
        ? await client.command('AUTH', decodeURIComponent(url.username), decodeURIComponent(url.password))
        : await client.command('AUTH', decodeURIComponent(url.password))
      if (auth instanceof RespError) throw auth
    }
    const config = await command(client, 'CONFIG', 'GET', '*')
    const before = parseInfo(String(await command(client, 'INFO', 'stats')))
    if (server.sampleMs > 0) await sleep(server.sampleMs, signal)
    const info = parseInfo(String(await command(client, 'INFO')))
    const conf = liveConf(shown, config as RespValue[], info)
    const findings = lintLive(
      rules
        .filter((r) => r.rule.meta.id.startsWith('redis/'))
        .map((r) =>
          ROLE_RULES.has(r.rule.meta.id)
            ? { ...r, options: { ...(r.options as object), role: server.role } }
            : r,
        ),
      shown,
      (visitors) => visitors.redis?.(conf),
      { facts },
    )
    return { metrics: redisMetrics(server, server.sampleMs > 0 ? before : undefined, info), findings }
  } catch (error) {
    const unreachable = rules.find((r) => r.rule.meta.id === REDIS_UNREACHABLE.meta.id)
    const reason = error instanceof Error ? error.message : String(error)
    return {
      metrics: [],
      findings: unreachable
        ? [
            {
              ruleId: REDIS_UNREACHABLE.meta.id,
              severity: unreachable.severity,
              message: `Redis "${server.name}" at ${shown} did not answer: ${reason}. Start it before perfgate runs, or fix the url.`,
              docs: REDIS_UNREACHABLE.meta.docs.url,
            },
          ]
        : [],
    }
  } finally {
    client?.close()
  }
}

async function command(client: RespClient, ...args: string[]): Promise<RespValue> {
  const reply = await client.command(...args)
  if (reply instanceof RespError) throw new Error(`${args.slice(0, 2).join(' ')} failed: ${reply.message}`)
  return reply
}

/** CONFIG GET's pairs as a RedisConf, so the file rules apply; `#keyspace` carries keys and expires. */
function liveConf(target: string, pairs: RespValue[], info: Map<string, string>): RedisConf {
  const range = { file: target, line: 1, column: 1, endLine: 1, endColumn: 1 }
  const directives: RedisDirective[] = []
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = String(pairs[i]).toLowerCase()
    const value = String(pairs[i + 1] ?? '')
    if (value === '' && name !== 'bind' && name !== 'save') continue
    const args = name === 'bind' ? value.split(/\s+/).filter(Boolean) : [value]
    directives.push({ name, args, range: { ...range }, argRanges: args.map(() => ({ ...range })) })
  }
  let keys = 0
  let expires = 0
  for (const [key, value] of info) {
    if (!/^db\d+$/.test(key)) continue
    keys += Number(/keys=(\d+)/.exec(value)?.[1] ?? 0)
    expires += Number(/expires=(\d+)/.exec(value)?.[1] ?? 0)
  }
  directives.push({ name: '#keyspace', args: [String(keys), String(expires)], range, argRanges: [] })
  return {
    file: target,
    directives,
    get: (name) => directives.filter((d) => d.name === name).at(-1),
    all: (name) => directives.filter((d) => d.name === name),
  }
}

function redisMetrics(
  server: RedisServer,
  before: Map<string, string> | undefined,
  info: Map<string, string>,
): MetricInput[] {
  const metrics: MetricInput[] = []
  const n = (map: Map<string, string> | undefined, key: string) => Number(map?.get(key) ?? 0)
  const hits = n(info, 'keyspace_hits') - n(before, 'keyspace_hits')
  const misses = n(info, 'keyspace_misses') - n(before, 'keyspace_misses')
  if (hits + misses > 0)
    metrics.push({
      id: `cache/redis/${server.name}/hit-rate`,
      title: `Redis ${server.name}: hit rate (${before ? `${server.sampleMs} ms window` : 'since stats reset'}, ${hits + misses} lookups)`,
      unit: 'percent',
      better: 'higher',
      value: Math.round((hits / (hits + misses)) * 10000) / 100,
    })
  const used = n(info, 'used_memory')
  const max = n(info, 'maxmemory')
  metrics.push({
    id: `cache/redis/${server.name}/memory-used`,
    title: `Redis ${server.name}: memory used`,
    unit: 'bytes',
    better: 'lower',
    value: used,
    role: 'context',
  })
  if (max > 0)
    metrics.push({
      id: `cache/redis/${server.name}/memory-used-share`,
      title: `Redis ${server.name}: memory used of maxmemory`,
      unit: 'percent',
      better: 'lower',
      value: Math.round((used / max) * 10000) / 100,
      role: 'context',
    })
  return metrics
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })
}
