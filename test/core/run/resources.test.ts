import { describe, expect, it } from 'vitest'
import { ResourceScope } from '../../../core/run/resources.js'

function counter() {
  const log: string[] = []
  const create = (name: string) => async () => {
    log.push(`create ${name}`)
    return { value: name, dispose: () => void log.push(`dispose ${name}`) }
  }
  return { log, create }
}

describe('ResourceScope', () => {
  it('creates a resource once per plugin, side and key, and disposes one side without the other', async () => {
    const { log, create } = counter()
    const scope = new ResourceScope()
    const head = scope.keeper('acme:x', 'head')
    const base = scope.keeper('acme:x', 'base')
    expect(await head('chrome', create('head-chrome'))).toBe('head-chrome')
    expect(await head('chrome', create('never'))).toBe('head-chrome')
    expect(await base('chrome', create('base-chrome'))).toBe('base-chrome')
    expect(await scope.keeper('acme:y', 'head')('chrome', create('y-chrome'))).toBe('y-chrome')
    await scope.dispose('acme:x', 'head')
    expect(log).toEqual([
      'create head-chrome',
      'create base-chrome',
      'create y-chrome',
      'dispose head-chrome',
    ])
    // The next call on that side starts afresh.
    expect(await head('chrome', create('head-chrome-2'))).toBe('head-chrome-2')
    await scope.disposeAll()
    expect(log.slice(4).sort()).toEqual([
      'create head-chrome-2',
      'dispose base-chrome',
      'dispose head-chrome-2',
      'dispose y-chrome',
    ])
    await expect(head('chrome', create('late'))).rejects.toThrow(/already disposed/)
  })

  it('forgets a resource that failed to start, and disposes everything when the run is aborted', async () => {
    const { log, create } = counter()
    const controller = new AbortController()
    const scope = new ResourceScope(controller.signal)
    const keep = scope.keeper('acme:x', 'head')
    await expect(
      keep('server', async () => {
        throw new Error('port in use')
      }),
    ).rejects.toThrow(/port in use/)
    expect(await keep('server', create('server'))).toBe('server')
    controller.abort(new Error('SIGINT'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(log).toEqual(['create server', 'dispose server'])
    expect(scope.size).toBe(0)
  })
})
