import type { ChildProcess } from 'node:child_process'

const KILL_GRACE_MS = 2000

/** Child processes a plugin started; all of them (and their process groups) die when the plugin ends. */
export class ChildTracker {
  private readonly children = new Set<ChildProcess>()

  track(child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null) return
    this.children.add(child)
    child.once('exit', () => this.children.delete(child))
  }

  get size(): number {
    return this.children.size
  }

  /** SIGTERM to each child's process group (or the child), SIGKILL to survivors after a grace period. */
  async killAll(): Promise<void> {
    const alive = [...this.children]
    if (alive.length === 0) return
    for (const child of alive) signal(child, 'SIGTERM')
    await Promise.all(
      alive.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            const timer = setTimeout(() => {
              signal(child, 'SIGKILL')
              resolve()
            }, KILL_GRACE_MS)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
          }),
      ),
    )
    this.children.clear()
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals) {
  if (!child.pid) return
  try {
    // A negative pid targets the process group: servers started `detached` take their own children along.
    process.kill(-child.pid, name)
  } catch {
    try {
      child.kill(name)
    } catch {
      // already gone
    }
  }
}
