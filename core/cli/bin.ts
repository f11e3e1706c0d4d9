#!/usr/bin/env node
import { enableWatchdog, killAllChildren, terminateAllChildren } from '../run/children.js'
import { pendingMasks } from '../security/redact.js'

// Before any other output: in GitHub Actions the runner masks every known secret from here on, in
// output perfgate does not control too. On stderr when stdout carries JSON (the runner reads both).
const masks = pendingMasks()
if (masks.length > 0)
  (process.argv.includes('--json') ? process.stderr : process.stdout).write(`${masks.join('\n')}\n`)

// Children (git, servers, browsers) die with perfgate even when it is SIGKILLed (docs/security.md).
enableWatchdog()

// Until a command installs its own handling (`run` writes a partial report), an interrupt stops the
// children and exits 130; a second one does not wait for them.
let interrupted = false
const onSignal = (signal: NodeJS.Signals) => {
  if (process.listenerCount(signal) > 1) return // the command handles it
  if (interrupted) {
    killAllChildren()
    process.exit(130)
  }
  interrupted = true
  void terminateAllChildren(500).then(() => process.exit(130))
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

const { main } = await import('./main.js')
process.exitCode = await main(process.argv)
