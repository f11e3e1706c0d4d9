import type { SpawnOptions } from 'node:child_process'
import { runProcess } from '../../helpers/process.js'

// A fresh machine without Chrome, made real for one process: a private mount namespace (needs root or
// user namespaces) in which the desktop entries are empty and every Chrome/Chromium executable is
// covered by a non-executable file. CHROME_PATH is removed from its environment.
const HIDE_CHROME = `
set -e
[ -d /usr/share/applications ] && mount -t tmpfs none /usr/share/applications
blank=$(mktemp)
for f in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  if [ -e "$f" ]; then mount --bind "$blank" "$f"; fi
done
exec "$@"
`

/** Runs `command args…` to its end on this machine as if no Chrome were installed. */
export function runWithoutChrome(command: string, args: string[], options: SpawnOptions = {}) {
  const env = { ...(options.env ?? process.env) }
  delete env.CHROME_PATH
  return runProcess('unshare', ['-m', 'sh', '-c', HIDE_CHROME, 'hide-chrome', command, ...args], {
    ...options,
    env,
  })
}
