import type { Logger } from '../../model/types.js'

export async function initCommand(flags: { force?: boolean }, logger: Logger): Promise<number> {
  const { writeStarterConfig } = await import('../../config/init.js')
  const { file, facts } = await writeStarterConfig(process.cwd(), { force: flags.force })
  logger.success(`Wrote ${file} (preset: ${facts.preset})`)
  logger.info(
    'Next: `npx perfgate run` to measure, then `npx perfgate run --save-baseline` on your main branch.',
  )
  return 0
}
