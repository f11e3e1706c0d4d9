import { errorMessage } from '../model/errors.js'
import { exec, firstLine } from './exec.js'
import type { CheckResult } from './types.js'

const INSTALL =
  'install it: `apt-get install chromium` (Debian/Ubuntu), or set CHROME_PATH to Chrome’s executable'

/**
 * Finds Chrome the way the Lighthouse plugin does (CHROME_PATH, else chrome-launcher's search, which
 * covers Debian's /usr/bin/chromium) and starts it once with --version. Without a Lighthouse plugin in
 * the config a missing Chrome is only a note.
 */
export async function chromeCheck(needed: boolean): Promise<CheckResult> {
  const { findChrome } = await import('../toolkit/chrome.js')
  let path: string
  try {
    path = await findChrome()
  } catch (error) {
    // chrome-launcher's own "must set CHROME_PATH" when it finds nothing reads like a config problem.
    const message = process.env.CHROME_PATH
      ? errorMessage(error).replace(/^Chrome not found: /, '')
      : 'no Chrome or Chromium is installed (searched PATH and the desktop entries, as chrome-launcher does)'
    return needed
      ? { name: 'chrome', status: 'fail', message: `Lighthouse needs Chrome: ${message}`, fix: INSTALL }
      : {
          name: 'chrome',
          status: 'skip',
          message: `not found, and not needed (no Lighthouse plugin): ${message}`,
        }
  }
  const version = await exec(path, ['--version'], { cwd: process.cwd(), timeoutMs: 15_000 })
  if (version.code !== 0)
    return {
      name: 'chrome',
      status: needed ? 'fail' : 'warn',
      message: `${path} does not start: ${version.failure ?? (firstLine(version.stderr) || `exit code ${version.code}`)}`,
      fix: `reinstall it, or point CHROME_PATH at a working Chrome; ${INSTALL}`,
    }
  const found = `${firstLine(version.stdout) || 'Chrome'} (${path})`
  return { name: 'chrome', status: 'ok', message: needed ? found : `${found}; not needed by this config` }
}
