import type { Logger } from '../../model/types.js'

export async function initCommand(flags: { force?: boolean }, logger: Logger): Promise<number> {
  const { writeStarterConfig } = await import('../../config/init.js')
  const { file, facts, gitignore } = await writeStarterConfig(process.cwd(), { force: flags.force })
  logger.success(`Wrote ${file} (preset: ${facts.preset})`)
  if (gitignore === 'created') logger.success('Created .gitignore with .perfgate/ (reports and artifacts)')
  if (gitignore === 'added') logger.success('Added .perfgate/ to .gitignore (reports and artifacts)')
  logger.info(
    'Next: `npx perfgate run` to measure, then `npx perfgate run --save-baseline` on your main branch.',
  )
  return 0
}
