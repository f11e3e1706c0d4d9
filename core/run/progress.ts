import type { Logger, Progress } from '../model/types.js'
import { isInteractive } from '../report/logger.js'
import { sanitizeTerminal } from '../security/sanitize.js'

/** Shows which plugin is running: a spinner on a terminal, plain start/finish lines in CI logs. */
export interface RunProgress {
  start(plugin: string): Progress
  finish(plugin: string, status: 'ok' | 'failed' | 'skipped', detail: string): void
  stop(): void
}

export async function createRunProgress(logger: Logger, enabled = isInteractive()): Promise<RunProgress> {
  if (!enabled) {
    return {
      start(plugin) {
        logger.info(`▸ ${plugin}`)
        return { update: (text) => logger.debug(`${plugin}: ${text}`) }
      },
      finish(plugin, status, detail) {
        if (status === 'ok') logger.success(`${plugin} ${detail}`)
        else if (status === 'failed') logger.error(`${plugin} failed: ${detail}`)
        else logger.info(`– ${plugin} skipped: ${detail}`)
      },
      stop() {},
    }
  }
  const { default: ora } = await import('ora')
  const spinner = ora({ stream: process.stderr, discardStdin: false })
  // The spinner writes to the terminal directly, not through the logger: plugin text is made inert here.
  const safe = (text: string) => sanitizeTerminal(text, { max: 200 })
  return {
    start(plugin) {
      spinner.start(safe(plugin))
      return { update: (text) => (spinner.text = safe(`${plugin} · ${text}`)) }
    },
    finish(plugin, status, detail) {
      if (status === 'ok') spinner.succeed(safe(`${plugin} ${detail}`))
      else if (status === 'failed') spinner.fail(safe(`${plugin} failed: ${detail}`))
      else spinner.info(safe(`${plugin} skipped: ${detail}`))
    },
    stop() {
      if (spinner.isSpinning) spinner.stop()
    },
  }
}
