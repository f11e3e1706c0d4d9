import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { Logger } from '../../core/model/types.js'
import { errorMessage } from '../../core/toolkit/index.js'
import type { AssetSize, ViteBundleData } from './types.js'

export const VITE_DATA_FILE = '.perfgate/bundle.json'

/** Where to look for `perfgate/vite`'s data: the option, else `<cwd>/.perfgate/`, else next to `dir`. */
export function viteDataCandidates(option: string | false | undefined, cwd: string, dir: string): string[] {
  if (option === false) return []
  if (option) return [resolve(cwd, option)]
  return [...new Set([join(cwd, VITE_DATA_FILE), join(dirname(dir), VITE_DATA_FILE)])]
}

/**
 * Reads the Vite data for the measured folder, or null. Data from another build (a file hash differs or a
 * file is missing) is stale: ignored with a warning, since it would attribute bytes to the wrong modules.
 * Files the data does not know are fine when every file it does know is unchanged: later build steps add
 * them (a service worker written after the bundle).
 */
export async function loadViteData(
  candidates: string[],
  assets: AssetSize[],
  logger: Logger,
): Promise<ViteBundleData | null> {
  const path = candidates.find((p) => existsSync(p))
  if (!path) return null
  let data: ViteBundleData
  try {
    data = JSON.parse(await readFile(path, 'utf8')) as ViteBundleData
    if (data.version !== 1 || !data.files || !Array.isArray(data.chunks)) throw new Error('unknown format')
  } catch (error) {
    logger.warn(`Ignoring ${path}: not readable as perfgate/vite data (${errorMessage(error)}).`)
    return null
  }
  const current = new Map(assets.map((a) => [a.file, a.hash]))
  // Vite's own `.vite/` metadata (the manifest) is not deployed: SvelteKit's adapters copy the client
  // output without it. Absent, it says nothing about the build; present, it must match.
  const differing = Object.entries(data.files).filter(
    ([file, f]) => current.get(file) !== f.hash && !(file.startsWith('.vite/') && !current.has(file)),
  )
  if (differing.length > 0) {
    logger.warn(
      `Ignoring stale ${path}: it describes another build (${differing.length} file(s) differ, e.g. ${differing[0][0]}). Run \`vite build\` again so module-level insights match the folder.`,
    )
    return null
  }
  const later = assets.filter((a) => !(a.file in data.files) && !a.sourceMap)
  if (later.length > 0)
    logger.debug(`${later.length} file(s) written after the bundle (e.g. ${later[0].file}): not in ${path}.`)
  return data
}
