import { accessSync, constants } from 'node:fs'
import { PerfgateError } from '../model/errors.js'

/** How to get a Chrome perfgate can drive, on the machines CI runs on. */
export const CHROME_INSTALL_HINT =
  'Install Chromium (`apt-get install chromium` on Debian/Ubuntu; GitHub-hosted runners already have Chrome), or set CHROME_PATH to a Chrome or Chromium executable.'

/**
 * A Chrome to drive: the explicit path (a plugin option), else CHROME_PATH, else chrome-launcher's
 * search (which covers Debian's /usr/bin/chromium). A clear error, with the install hint, when none exists.
 */
export async function findChrome(
  chromePath?: string,
  optionName = 'the `chromePath` option',
): Promise<string> {
  const given = chromePath ?? process.env.CHROME_PATH ?? null
  const source = chromePath ? optionName : 'CHROME_PATH'
  if (given) {
    if (!isExecutable(given))
      throw new PerfgateError(
        'PLUGIN_FAILED',
        `Chrome not found: ${given} (from ${source}) is not an executable file.`,
        {
          hint: CHROME_INSTALL_HINT,
        },
      )
    return given
  }
  const { Launcher } = await import('chrome-launcher')
  let found: string | undefined
  try {
    found = Launcher.getInstallations().find(isExecutable)
  } catch {
    // chrome-launcher throws ("CHROME_PATH must be set") instead of returning nothing.
    found = undefined
  }
  if (!found)
    throw new PerfgateError(
      'PLUGIN_FAILED',
      'Chrome not found: no Chrome or Chromium is installed on this machine.',
      {
        hint: CHROME_INSTALL_HINT,
      },
    )
  return found
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
