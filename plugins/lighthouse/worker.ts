import { Worker } from 'node:worker_threads'
import { PerfgateError } from '../../core/toolkit/index.js'
import type { RunOutput } from './run.js'
import { compatConfig, compatTraceGatherer } from './trace-compat.js'

/**
 * Lighthouse in a worker thread. Killing Chrome mid-run (abort, timeout) leaves Lighthouse 12 with a
 * floating rejected promise (waitForCPUIdle); in a worker it dies with the worker instead of crashing
 * the run. Plain JavaScript, so it needs no TypeScript loader (trace-compat.ts's functions go in as text).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const loaded = import(workerData.lighthouseUrl)
const traceGatherer = import(workerData.traceUrl)
const compatTraceGatherer = ${compatTraceGatherer.toString()}
const compatConfig = ${compatConfig.toString()}
process.on('unhandledRejection', () => {})
parentPort.on('message', async ({ id, url, flags, desktop }) => {
  try {
    const lighthouseModule = await loaded
    const config = compatConfig(lighthouseModule, (await traceGatherer).default, desktop)
    const result = await lighthouseModule.default(url, flags, config)
    if (!result) throw new Error('Lighthouse returned no result for ' + url)
    const [json, html] = Array.isArray(result.report) ? result.report : [result.report, '']
    parentPort.postMessage({ id, ok: true, output: { lhr: result.lhr, json, html } })
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error && error.message ? error.message : String(error) })
  }
})
`

interface Reply {
  id: number
  ok: boolean
  output?: RunOutput
  message?: string
}

export interface LighthouseWorker {
  run(url: string, flags: Record<string, unknown>, desktop: boolean): Promise<RunOutput>
  /** Ends the thread; a pending run rejects. Safe to call twice. */
  terminate(): Promise<void>
}

export function startLighthouseWorker(): LighthouseWorker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      lighthouseUrl: import.meta.resolve('lighthouse'),
      traceUrl: import.meta.resolve('lighthouse/core/gather/gatherers/trace.js'),
    },
  })
  const pending = new Map<number, { resolve: (o: RunOutput) => void; reject: (e: Error) => void }>()
  let nextId = 0
  let ended: Error | null = null
  const failAll = (error: Error) => {
    ended = error
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
  }
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id)
    if (!waiter) return
    pending.delete(reply.id)
    if (reply.ok && reply.output) waiter.resolve(reply.output)
    else waiter.reject(new Error(reply.message ?? 'Lighthouse failed'))
  })
  worker.on('error', (error) => failAll(error))
  worker.on('exit', (code) => failAll(new Error(`the Lighthouse worker exited (code ${code})`)))
  return {
    run(url, flags, desktop) {
      if (ended) return Promise.reject(ended)
      const id = nextId++
      return new Promise<RunOutput>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, url, flags, desktop })
      })
    },
    async terminate() {
      if (!ended) failAll(new PerfgateError('ABORTED', 'the Lighthouse worker was stopped'))
      await worker.terminate()
    },
  }
}
