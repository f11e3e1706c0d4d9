import type { Logger } from '../../model/types.js'

export async function initCommand(flags: { force?: boolean }, logger: Logger): Promise<number> {
  const { writeStarterConfig } = await import('../../config/init.js')
  const { file, facts, gitignore } = await writeStarterConfig(process.cwd(), { force: flags.force })
  logger.success(`Wrote ${file} (preset: ${facts.preset})`)
  if (facts.preset !== 'recommended' && facts.abBuild)
    logger.success(`ab.build: \`${facts.abBuild}\` builds a pull request's base for A/B timings`)
  if (facts.preset === 'spa' && facts.serviceWorker)
    logger.success(
      `Found ${facts.serviceWorker}: the service worker is checked (serviceWorker: { mode: 'check' })`,
    )
  const routes = facts.routes
  if (routes && routes.readyPath !== null && routes.scenarios.length > 0) {
    const tried = routes.tried.map((t) => `${t.path} ${t.status ?? '-'}`).join(', ')
    logger.success(
      `Started \`${facts.serverScript}\` once: readyPath ${routes.readyPath}, load-tested ${routes.scenarios.join(', ')} (answers: ${tried})`,
    )
  } else if (facts.preset === 'api') {
    const why = routes?.problem ?? 'no route answered 2xx'
    logger.warn(
      `TODO in ${file}: set readyPath and scenarios to routes of your app that answer 2xx (${why}). \`perfgate doctor\` checks them.`,
    )
  }
  if (gitignore === 'created') logger.success('Created .gitignore with .perfgate/ (reports and artifacts)')
  if (gitignore === 'added') logger.success('Added .perfgate/ to .gitignore (reports and artifacts)')
  logger.info(
    'Next: `npx perfgate doctor` to check the setup, `npx perfgate run` to measure, then `npx perfgate run --save-baseline` on your main branch.',
  )
  return 0
}
