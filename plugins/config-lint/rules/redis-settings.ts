import type { RedisConf, RedisDirective } from '../parse/redis-conf.js'
import type { SourceRange } from '../rule.js'

/** Redis 7's defaults for the settings the rules read (a setting missing from redis.conf has its default). */
const DEFAULTS: Record<string, string> = {
  'protected-mode': 'yes',
  maxmemory: '0',
  'maxmemory-policy': 'noeviction',
  'enable-debug-command': 'no',
  'enable-module-command': 'no',
  'enable-protected-configs': 'no',
  appendonly: 'no',
  loglevel: 'notice',
}

export interface Setting {
  value: string
  /** Where it is set; the file's start when it is left at its default. */
  range: SourceRange
  explicit: boolean
  directive?: RedisDirective
}

export function setting(conf: RedisConf, name: string): Setting {
  const directive = conf.get(name)
  if (directive) return { value: directive.args.join(' '), range: directive.range, explicit: true, directive }
  return {
    value: DEFAULTS[name] ?? '',
    range: { file: conf.file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    explicit: false,
  }
}

/** `1gb` → 1073741824, `100m` → 100000000 (redis.conf's units: k/m/g are 1000s, kb/mb/gb 1024s). */
export function parseRedisBytes(value: string): number | undefined {
  const match = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(value.trim())
  if (!match) return undefined
  const unit = (match[2] ?? '').toLowerCase()
  const factor = { '': 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 }[unit] ?? 1
  return Number(match[1]) * factor
}

const LOOPBACK = /^-?(127\.\d+\.\d+\.\d+|::1|localhost)$/i

/** The `bind` addresses that are not loopback; every interface when bind is not set. */
export function exposedAddresses(conf: RedisConf): string[] {
  const bind = conf.get('bind')
  if (!bind || bind.args.length === 0 || (bind.args.length === 1 && bind.args[0] === ''))
    return ['* (no bind: every interface)']
  return bind.args.filter((a) => a !== '' && !LOOPBACK.test(a))
}

/** requirepass, an aclfile, or `user` lines: clients must authenticate. */
export function hasAuthentication(conf: RedisConf): boolean {
  const pass = conf.get('requirepass')
  if (pass?.args[0]) return true
  if (conf.get('aclfile')?.args[0]) return true
  return conf
    .all('user')
    .some((u) => !(u.args[0] === 'default' && u.args.includes('nopass') && u.args.includes('on')))
}
