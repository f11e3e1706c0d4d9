import { spawn } from 'node:child_process'
import { PerfgateError } from '../model/errors.js'
import { NetworkTimeoutError, networkTimeoutMs } from '../model/network-timeout.js'
import { registerChild, signalChild } from '../run/children.js'

export interface GitOptions {
  cwd: string
  /** Added to the cleaned environment (undefined removes a variable). */
  env?: Record<string, string | undefined>
  input?: string | Buffer
  /** Aborting kills git (and its transport helpers); the call then rejects with PerfgateError('ABORTED'). */
  signal?: AbortSignal
  /**
   * A command that may talk to a remote (fetch, push, ls-remote, or a lazy fetch of a partial clone):
   * after `timeoutMs` (default PERFGATE_NETWORK_TIMEOUT, else 120 s) git and its process group (ssh,
   * `git-remote-http`) are killed, and the call rejects with a NetworkTimeoutError naming `what` — the
   * operation and the remote, e.g. "git fetch of branch x from origin (URL)".
   */
  network?: { what: string; timeoutMs?: number }
}

export interface GitResult {
  code: number
  stdout: Buffer
  stderr: string
}

/**
 * Variables a git hook or a wrapping tool may have set; inherited, they would point our git
 * commands at another repository, index or object store.
 */
const REPO_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_SHALLOW_FILE',
]

function gitEnv(extra: GitOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of REPO_VARIABLES) delete env[name]
  // English messages (we read a few of them) and never a credential prompt that would hang CI.
  env.LC_ALL = 'C'
  env.LANGUAGE = 'C'
  env.GIT_TERMINAL_PROMPT = '0'
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/**
 * Runs `git args…`; resolves with the exit code instead of throwing on failure. git runs in its own
 * process group, registered with core/run/children.ts: an interrupt of perfgate (or `signal`) stops it
 * together with the helpers it started (`git-remote-http`, ssh), which a signal to git alone would leave.
 */
export function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(aborted(args, options.signal))
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: 'pipe',
      detached: true,
    })
    registerChild(child)
    const onAbort = () => signalChild(child, 'SIGTERM')
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const timeoutMs = options.network ? (options.network.timeoutMs ?? networkTimeoutMs()) : 0
    let timedOut = false
    const timer = options.network
      ? setTimeout(() => {
          timedOut = true
          signalChild(child, 'SIGKILL') // the group: a hung ssh or transport helper goes too
        }, timeoutMs)
      : undefined
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      const missing = error.code === 'ENOENT'
      reject(
        new PerfgateError(
          'GIT',
          missing ? 'git is not installed or not on PATH' : `cannot run git: ${error.message}`,
          {
            cause: error,
            hint: missing
              ? 'Install git (https://git-scm.com) and make sure `git --version` works.'
              : undefined,
          },
        ),
      )
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (options.signal?.aborted) return reject(aborted(args, options.signal))
      if (timedOut && options.network)
        return reject(
          new NetworkTimeoutError(
            'GIT',
            redactUrls(options.network.what),
            timeoutMs,
            'Check that the remote answers from this machine (network, credentials, `git ls-remote` by hand)',
          ),
        )
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') })
    })
    // git may exit before reading all of stdin (e.g. on a bad argument); that is reported by its exit code.
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

function aborted(args: string[], signal: AbortSignal): PerfgateError {
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted')
  return new PerfgateError('ABORTED', `git ${args[0] ?? ''} stopped: ${why}`)
}

/** Hides credentials written into URLs (`https://user:token@host/…`) before a message is shown. */
export function redactUrls(text: string): string {
  return text.replace(/:\/\/[^/@\s]+@/g, '://***@')
}

/** Throws PerfgateError('GIT') naming the command, where it ran and git's own message. */
export function gitFailure(args: string[], options: GitOptions, result: GitResult): PerfgateError {
  const reason = result.stderr.trim() || `exit code ${result.code}`
  return new PerfgateError('GIT', redactUrls(`git ${args.join(' ')} failed in ${options.cwd}: ${reason}`))
}

/** Runs git and returns its stdout as text (trailing newline removed); throws on a non-zero exit. */
export async function git(args: string[], options: GitOptions): Promise<string> {
  const result = await runGit(args, options)
  if (result.code !== 0) throw gitFailure(args, options, result)
  return result.stdout.toString('utf8').replace(/\n$/, '')
}

/** Like `git()` but returns null instead of throwing when git exits non-zero. */
export async function gitOrNull(args: string[], options: GitOptions): Promise<string | null> {
  const result = await runGit(args, options)
  if (result.code !== 0) return null
  return result.stdout.toString('utf8').replace(/\n$/, '')
}
