import { spawn } from 'node:child_process'

export interface ExecResult {
  /** Exit code; null when the command could not start, was killed or timed out. */
  code: number | null
  stdout: string
  stderr: string
  /** Why it did not run to an exit code: `ENOENT`, `timeout`, … */
  failure?: string
}

/**
 * Runs a command to its end, or kills it (by PID) after `timeoutMs`: a check that waits forever on an
 * unreachable remote is worse than one that says it timed out.
 */
export function exec(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<ExecResult> {
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let failure: string | undefined
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: a timeout also ends git's helpers (ssh, git-remote-https)
    })
    const timer = setTimeout(() => {
      failure = 'timeout'
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL') // the group is gone already
      }
    }, options.timeoutMs)
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const done = (code: number | null) => {
      clearTimeout(timer)
      resolve({ code: failure ? null : code, stdout, stderr, ...(failure ? { failure } : {}) })
    }
    // A command that cannot start emits 'error' and may never emit 'close'.
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code ?? error.message
      if (child.pid === undefined) done(null)
    })
    child.on('close', done)
  })
}

/** The first non-empty line of a command's error output, for a one-line message. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  )
}
