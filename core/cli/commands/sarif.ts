import { relative } from 'node:path'
import type { ResolvedConfig } from '../../config/types.js'
import type { Logger, RunReport } from '../../model/types.js'

/**
 * SARIF of a report as `run --sarif` and `report --format sarif` both write it: paths relative to the
 * repository, rules described by the config's plugins, file-less findings placed on the config file.
 * Past GitHub's limit of results the file says what it left out, and so does a warning.
 */
export async function renderSarifFor(
  report: RunReport,
  config: ResolvedConfig | null,
  cwd: string,
  logger: Logger,
): Promise<string> {
  const [{ findRepoRoot }, { renderSarif, sarifTruncation, sarifTruncationNote }] = await Promise.all([
    import('../../baseline/project.js'),
    import('../../report/sarif.js'),
  ])
  const from = config?.root ?? cwd
  const root = (await findRepoRoot(from)) ?? from
  const rules = Object.assign({}, ...(config?.plugins ?? []).map((p) => p.meta?.rules ?? {}))
  const configFile = config?.configFile
  const truncation = sarifTruncation(report)
  if (truncation) logger.warn(sarifTruncationNote(truncation))
  return renderSarif(report, {
    root,
    rules,
    category: 'perfgate',
    ...(configFile ? { defaultFile: relative(root, configFile) } : {}),
  })
}
