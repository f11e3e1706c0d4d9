import type { ChildProcess } from 'node:child_process'

const KEEP_BYTES = 16 * 1024

/** Keeps the tail of a child's stdout and stderr, for error messages. */
export function captureOutput(child: ChildProcess): { lastLines: (count?: number) => string } {
  let text = ''
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    if (text.length > KEEP_BYTES * 2) text = text.slice(-KEEP_BYTES)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return {
    lastLines: (count = 15) =>
      text
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.length > 0)
        .slice(-count)
        .join('\n'),
  }
}

/** Resolves with the exit code (or signal) once the child has exited. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when the child is gone. */
export async function killGroup(child: ChildProcess, graceMs = 2000): Promise<void> {
  // Never spawned (e.g. ENOENT): nothing to end, and no exit event will come.
  if (!child.pid) return
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone but children it left in the group may not be.
    sendToGroup(child, 'SIGKILL')
    return
  }
  const gone = exited(child)
  sendToGroup(child, 'SIGTERM')
  const timer = setTimeout(() => sendToGroup(child, 'SIGKILL'), graceMs)
  await gone
  clearTimeout(timer)
  sendToGroup(child, 'SIGKILL')
}

function sendToGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
}
