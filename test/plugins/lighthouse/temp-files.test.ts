import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runPlugin } from '../../../core/testing/index.js'
import { lighthousePlugin } from '../../../plugins/lighthouse/index.js'
import { fixture, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { processesMentioning, requireChrome } from './chrome-helpers.js'

// Every test points TMPDIR at a folder of its own, so that Chrome's leftovers (`org.chromium.Chromium.*`,
// `perfgate-chrome-*`) can be counted there without other runs on this machine getting in the way.
const SITE = fixture('lighthouse-static-site')
const cleanups: Array<() => void> = []
const originalTmpdir = process.env.TMPDIR
beforeAll(() => {
  requireChrome()
})
afterEach(() => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = originalTmpdir
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function scratch() {
  const { dir, cleanup } = tempDir('perfgate-lh-tmp-')
  cleanups.push(cleanup)
  const tmp = join(dir, 'tmp')
  const out = join(dir, 'out')
  mkdirSync(tmp)
  mkdirSync(out)
  return { tmp, out }
}

/** What is left in `tmp` once nothing is running with it any more (waits up to `ms`). */
async function leftAfter(tmp: string, ms = 10_000): Promise<string[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const left = readdirSync(tmp)
    if ((left.length === 0 && processesMentioning(tmp).length === 0) || Date.now() > deadline) return left
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('Chrome temp files', () => {
  it('leaves nothing in TMPDIR after a successful run', async () => {
    const { tmp, out } = scratch()
    process.env.TMPDIR = tmp
    const run = await runPlugin(lighthousePlugin({ staticDistDir: '.', urls: ['/'], runs: 1 }), {
      cwd: SITE,
      outDir: out,
    })
    expect(run.result.status).toBe('ok')
    expect(await leftAfter(tmp)).toEqual([])
    expect(processesMentioning(tmp)).toEqual([])
  }, 60_000)

  it('leaves nothing after failed runs, with Chrome relaunched in between', async () => {
    const { tmp, out } = scratch()
    process.env.TMPDIR = tmp
    let calls = 0
    const run = await runPlugin(
      lighthousePlugin({
        staticDistDir: '.',
        urls: ['/'],
        runs: 1,
        beforeEach: () => {
          calls++
          throw new Error('login page is down')
        },
      }),
      { cwd: SITE, outDir: out },
    )
    expect(calls).toBe(3)
    expect(run.result.status).toBe('failed')
    expect(run.result.error).toContain('login page is down')
    expect(await leftAfter(tmp)).toEqual([])
  }, 60_000)

  it('leaves nothing when the plugin times out mid-audit', async () => {
    const { tmp, out } = scratch()
    process.env.TMPDIR = tmp
    const run = await runPlugin(lighthousePlugin({ staticDistDir: '.', urls: ['/about.html'], runs: 20 }), {
      cwd: SITE,
      outDir: out,
      timeout: 6000,
    })
    expect(run.result.error).toContain('timed out after 6 s')
    expect(await leftAfter(tmp)).toEqual([])
    expect(processesMentioning(tmp)).toEqual([])
  }, 60_000)

  it('leaves nothing when two interrupts come 20 ms apart and the second one exits at once', async () => {
    const { tmp, out } = scratch()
    const { code, output } = await interrupted(tmp, out, async (child, handled) => {
      child.kill('SIGINT')
      // A loaded machine may not run the child between two signals 20 ms apart; the kernel then delivers one.
      await handled
      await new Promise((resolve) => setTimeout(resolve, 20))
      child.kill('SIGINT')
    })
    expect(code, output).toBe(130)
    expect(await leftAfter(tmp)).toEqual([])
    expect(processesMentioning(tmp)).toEqual([])
  }, 60_000)

  it('leaves nothing when the process exits in the same tick as the abort (only exit-time cleanup runs)', async () => {
    const { tmp, out } = scratch()
    const { code, output } = await interrupted(tmp, out, async (child) => void child.kill('SIGINT'), {
      EXIT_AT_ONCE: '1',
    })
    expect(code, output).toBe(130)
    expect(await leftAfter(tmp, 2000)).toEqual([])
    expect(processesMentioning(tmp)).toEqual([])
  }, 60_000)
})

/** Runs the fixture's plugin run in a child process, calls `interrupt` once Chrome runs, and waits for its exit. */
async function interrupted(
  tmp: string,
  out: string,
  interrupt: (child: ChildProcess, handled: Promise<void>) => Promise<void>,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'jiti/register', fixture('lighthouse-double-interrupt/run.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, TMPDIR: tmp, OUT_DIR: out, JITI_FS_CACHE: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  let markHandled = () => {}
  const handled = new Promise<void>((resolve) => {
    markHandled = resolve
  })
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
    if (output.includes('aborting\n')) markHandled()
  })
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // Once Chrome runs (its folder exists and processes use it) and has had a moment to write temp files.
  const deadline = Date.now() + 40_000
  while (
    !readdirSync(tmp).some((name) => name.startsWith('perfgate-chrome-')) ||
    processesMentioning(tmp).length < 2
  ) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`Chrome never started:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
  await interrupt(child, handled)
  return { code: await exit, output }
}
