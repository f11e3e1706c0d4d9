import { closeSync, fstatSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Bytes of output kept for messages and for matching a ready pattern. */
const TAIL_BYTES = 16 * 1024
/** The file is emptied (its tail kept in memory) once it grows past this. */
const MAX_FILE_BYTES = 4 * 1024 * 1024

/**
 * A temp file a child writes its stdout and stderr to, instead of a pipe. Node writes to a pipe
 * synchronously on Linux: a server that logs every request would wait on perfgate's event loop, which
 * is busy sending the load, and measure that. A file never makes the writer wait. The file is opened
 * with O_APPEND, so it can be emptied while the child writes; it is bounded at 4 MB and removed by
 * `close()`.
 */
export class OutputFile {
  /** Give it to the child as its stdout and stderr. */
  readonly fd: number
  private readonly dir: string
  /** The tail of what was in the file before it was last emptied. */
  private carried = ''
  private closedTail: string | null = null
  private readonly bound: NodeJS.Timeout

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'perfgate-output-'))
    this.fd = openSync(join(this.dir, 'output.log'), 'a+')
    // Reading the tail empties a file past its bound: do it now and then for a chatty long-running server.
    this.bound = setInterval(() => {
      try {
        this.tail()
      } catch {
        // the file is gone: close() ran or /tmp was cleaned
      }
    }, 1000).unref()
  }

  /** The last 16 kB written (fewer while little was written). */
  tail(): string {
    if (this.closedTail !== null) return this.closedTail
    const size = fstatSync(this.fd).size
    const text = this.carried + this.read(Math.max(0, size - TAIL_BYTES), size)
    if (size > MAX_FILE_BYTES) {
      this.carried = text.slice(-TAIL_BYTES)
      ftruncateSync(this.fd, 0)
    }
    return text.slice(-TAIL_BYTES)
  }

  /** Keeps the tail in memory and removes the file; safe to call twice. */
  close(): void {
    if (this.closedTail !== null) return
    clearInterval(this.bound)
    try {
      this.closedTail = this.tail()
    } catch {
      this.closedTail = this.carried
    }
    try {
      closeSync(this.fd)
    } catch {
      // already closed
    }
    rmSync(this.dir, { recursive: true, force: true })
  }

  private read(from: number, to: number): string {
    const buffer = Buffer.alloc(to - from)
    let done = 0
    while (done < buffer.length) {
      const count = readSync(this.fd, buffer, done, buffer.length - done, from + done)
      if (count === 0) break
      done += count
    }
    return buffer.subarray(0, done).toString('utf8')
  }
}
