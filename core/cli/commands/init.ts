import { PerfgateError } from '../../model/errors.js'
import type { Logger } from '../../model/types.js'

export async function initCommand(
  flags: { force?: boolean; from?: string | string[] },
  logger: Logger,
): Promise<number> {
  if (flags.from !== undefined) return fromCommand(flags, logger)
  const { writeStarterConfig } = await import('../../config/init.js')
  const { file, facts, gitignore } = await writeStarterConfig(process.cwd(), { force: flags.force })
  logger.success(`Wrote ${file} (preset: ${facts.preset})`)
  if (facts.preset !== 'recommended' && facts.abBuild)
    logger.success(`ab.build: \`${facts.abBuild}\` builds a pull request's base for A/B timings`)
  // Nuxt and Astro read Vite's options from their own config, not from a vite.config.
  const viteConfig = facts.framework?.viteConfig ?? facts.vite
  if (facts.preset === 'spa' && viteConfig) {
    const { addPerfgateToViteConfig, VITE_PLUGIN_LINES } = await import('../../config/vite-config-edit.js')
    const edit = await addPerfgateToViteConfig(process.cwd(), viteConfig)
    if (edit.status === 'added')
      logger.success(
        `Added perfgate() from perfgate/vite to ${edit.file}: builds write the module data that names the npm packages and modules behind a bigger bundle`,
      )
    else if (edit.status === 'failed')
      logger.warn(
        `Could not add perfgate/vite to ${edit.file} (${edit.reason}): add \`${VITE_PLUGIN_LINES}\`${typeof viteConfig === 'object' ? ' (in its `vite: { … }`)' : ''} by hand, or a bigger bundle is named by file, not by npm package.`,
      )
  }
  const fw = facts.framework
  if (fw) {
    const serve =
      'startServerCommand' in fw.serve ? `\`${fw.serve.startServerCommand}\`` : fw.serve.staticDistDir
    logger.success(
      `Found ${fw.description}: bundle sizes per route from ${fw.clientDir}; Lighthouse on ${serve} at ${fw.pages.join(', ') || '/'} (build first)`,
    )
  } else if (facts.preset === 'spa' && facts.serviceWorker)
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

/** `perfgate init --from FILE…`: the translated config and workflow, and what could not be translated. */
async function fromCommand(
  flags: { force?: boolean; from?: string | string[] },
  logger: Logger,
): Promise<number> {
  const from = (Array.isArray(flags.from) ? flags.from : [flags.from]).map(String)
  if (from.some((f) => f === '' || f === 'true'))
    throw new PerfgateError('USAGE', '--from needs a file: perfgate init --from lighthouserc.json', {
      hint: 'Give the Lighthouse CI config, the size-limit config (or package.json), or the workflow file.',
    })
  const { writeMigratedConfig, formatNote } = await import('../../config/migrate/index.js')
  const result = await writeMigratedConfig(process.cwd(), { from, force: flags.force })
  for (const file of result.executed)
    logger.info(`${file} is JavaScript: it was executed to read it (as the tool itself runs it)`)
  const { migration: m } = result
  const translated = [
    m.lighthouse ? 'lighthousePlugin' : null,
    m.bundle ? `bundlePlugin (${String(m.bundle.options.dir)})` : null,
    m.bench
      ? `benchPlugin (${m.bench.imports.length} import${m.bench.imports.length === 1 ? '' : 's'})`
      : null,
    `${m.budgets.filter((b) => !b.disabled).length} budget(s)`,
  ].filter(Boolean)
  logger.success(`Wrote ${result.file}: ${translated.join(', ')}`)
  const measures = Boolean(
    (m.lighthouse && !m.lighthouse.comments.includes('disabled')) || m.bundle || m.bench,
  )
  if (!measures)
    logger.warn(
      `${result.file} measures nothing yet: none of it could be translated into a plugin (the list below says why). Add a plugin (docs/plugins.md) before \`perfgate run\`.`,
    )
  if (result.workflow.written) logger.success(`Wrote ${result.workflow.file}`)
  else logger.warn(`${result.workflow.file} exists: not replaced (--force replaces it)`)
  if (m.untranslated.length > 0) {
    logger.warn(`Not translated (${m.untranslated.length}), also listed at the top of the config:`)
    for (const n of m.untranslated) logger.info(`  ${formatNote(n)}`)
  } else logger.success('Everything was translated.')
  if (m.notes.length > 0) {
    logger.info(`Translated with a difference to check (${m.notes.length}):`)
    for (const n of m.notes) logger.info(`  ${formatNote(n)}`)
  }
  if (result.gitignore === 'created')
    logger.success('Created .gitignore with .perfgate/ (reports and artifacts)')
  if (result.gitignore === 'added') logger.success('Added .perfgate/ to .gitignore (reports and artifacts)')
  logger.info(
    'Next: `npx perfgate doctor` to check the setup, `npx perfgate run` to measure, then `npx perfgate run --save-baseline` on your main branch.',
  )
  return 0
}
