#!/usr/bin/env node
import { enableWatchdog, killAllChildren, terminateAllChildren } from '../run/children.js'
import { isSupervised, shouldSupervise, tellSupervisor } from '../run/supervision.js'
import { pendingMasks } from '../security/redact.js'

// Before any other output: in GitHub Actions the runner masks every known secret from here on, in
// output perfgate does not control too. On stderr when stdout carries JSON (the runner reads both).
// A supervised run's parent has printed them already.
const masks = isSupervised() ? [] : pendingMasks()
if (masks.length > 0)
  (process.argv.includes('--json') ? process.stderr : process.stdout).write(`${masks.join('\n')}\n`)

if (shouldSupervise(process.argv)) {
  // `run` goes on in a child this process watches: a plugin that hangs it or ends it is lost alone.
  const { supervise } = await import('./supervisor.js')
  process.exitCode = await supervise(process.argv)
} else {
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

  let finished = false
  if (isSupervised())
    // The supervising parent is gone (killed): stop as on SIGTERM, writing the partial report.
    process.once('disconnect', () => {
      if (!finished) process.kill(process.pid, 'SIGTERM')
    })

  const { main } = await import('./main.js')
  const code = await main(process.argv)
  process.exitCode = code
  finished = true
  if (isSupervised()) {
    tellSupervisor({ perfgate: 'done', code })
    process.disconnect?.()
  }
}
