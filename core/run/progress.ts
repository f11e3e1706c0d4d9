import type { Logger, Progress } from '../model/types.js'
import { isInteractive } from '../report/logger.js'

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
  return {
    start(plugin) {
      spinner.start(plugin)
      return { update: (text) => (spinner.text = `${plugin} · ${text}`) }
    },
    finish(plugin, status, detail) {
      if (status === 'ok') spinner.succeed(`${plugin} ${detail}`)
      else if (status === 'failed') spinner.fail(`${plugin} failed: ${detail}`)
      else spinner.info(`${plugin} skipped: ${detail}`)
    },
    stop() {
      if (spinner.isSpinning) spinner.stop()
    },
  }
}
