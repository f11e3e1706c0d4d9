import type { Logger } from '../../model/types.js'
import { builtinRegistry } from '../registry.js'

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FIX ', skip: 'skip' } as const

/** `perfgate doctor`: one line per check; exit 0 all pass, 2 the config is broken, 3 anything else. */
export async function doctorCommand(flags: { config?: string }, logger: Logger): Promise<number> {
  const { runDoctor } = await import('../../doctor/index.js')
  const { checks, exitCode } = await runDoctor({ configFile: flags.config, registry: builtinRegistry })
  const width = Math.max(...checks.map((c) => c.name.length))
  for (const check of checks) {
    const fix = check.fix && check.status !== 'ok' ? ` → ${check.fix.replace(/\.$/, '')}` : ''
    const message = fix ? check.message.replace(/\.$/, '') : check.message
    process.stdout.write(`${MARK[check.status]}  ${check.name.padEnd(width)}  ${message}${fix}\n`)
  }
  const failed = checks.filter((c) => c.status === 'fail').length
  if (failed === 0) logger.success('Ready: `perfgate run` has what it needs.')
  else logger.error(`${failed} check${failed > 1 ? 's' : ''} to fix before \`perfgate run\` works here.`)
  return exitCode
}
