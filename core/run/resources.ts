// Resources a plugin keeps across its calls of one run (`ctx.keep`): the Chrome and the servers of an
// A/B side, started in its first round and reused by every later round. Core owns their lifetime: they
// are disposed at the end of the run, on error, timeout and Ctrl-C, and — for a run that calls a plugin
// once — right after that call. Children they start are tracked for the resource's lifetime, not the
// call's, so that the end of one call does not kill the next call's browser.
import type { ChildProcess } from 'node:child_process'
import type { KeepContext, KeptResource, Side } from '../model/types.js'
import { ChildTracker } from './children.js'

interface Entry {
  created: Promise<KeptResource<unknown>>
  children: ChildTracker
  controller: AbortController
}

/** Every kept resource of one run, by plugin, side and key. */
export class ResourceScope {
  private readonly entries = new Map<string, Entry>()
  private readonly onRunAbort = () => void this.disposeAll()
  /** Set by disposeAll: a plugin still running after its end (it ignored its signal) starts nothing. */
  private closed = false

  /** `signal`: the run's (Ctrl-C): every resource is disposed when it aborts. */
  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onRunAbort, { once: true })
  }

  /** The `keep` function of one plugin and side. */
  keeper(plugin: string, side: Side) {
    return <T>(key: string, create: (ctx: KeepContext) => Promise<KeptResource<T>>): Promise<T> =>
      this.keep(plugin, side, key, create)
  }

  private async keep<T>(
    plugin: string,
    side: Side,
    key: string,
    create: (ctx: KeepContext) => Promise<KeptResource<T>>,
  ): Promise<T> {
    const id = JSON.stringify([plugin, side, key])
    let entry = this.entries.get(id)
    if (!entry) {
      this.signal?.throwIfAborted()
      if (this.closed) throw new Error(`ctx.keep("${key}"): the run's resources were already disposed`)
      const children = new ChildTracker()
      const controller = new AbortController()
      const created = create({
        signal: controller.signal,
        track: (child: ChildProcess) => children.track(child),
      }) as Promise<KeptResource<unknown>>
      entry = { created, children, controller }
      this.entries.set(id, entry)
      // A resource that failed to start is forgotten: the next call tries again.
      created.catch(() => {
        if (this.entries.get(id) === entry) this.entries.delete(id)
        void children.killAll()
      })
    }
    return (await entry.created).value as T
  }

  /** Disposes one plugin's resources on one side (a failed call: the next one starts afresh). */
  async dispose(plugin: string, side?: Side): Promise<void> {
    const prefix = JSON.stringify([plugin, ...(side ? [side] : [])]).slice(0, -1)
    const ids = [...this.entries.keys()].filter((id) => id.startsWith(prefix))
    await Promise.all(ids.map((id) => this.disposeOne(id)))
  }

  /** Disposes everything still kept; safe to call twice. */
  async disposeAll(): Promise<void> {
    this.closed = true
    this.signal?.removeEventListener('abort', this.onRunAbort)
    await Promise.all([...this.entries.keys()].map((id) => this.disposeOne(id)))
  }

  get size(): number {
    return this.entries.size
  }

  private async disposeOne(id: string): Promise<void> {
    const entry = this.entries.get(id)
    if (!entry) return
    this.entries.delete(id)
    entry.controller.abort(new Error('resource disposed'))
    const resource = await entry.created.catch(() => null)
    try {
      await resource?.dispose()
    } catch {
      // disposing is best effort; its children are killed below whatever it did
    } finally {
      await entry.children.killAll()
    }
  }
}
