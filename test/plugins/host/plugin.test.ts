import { describe, expect, it } from 'vitest'
import type { PerfgateError } from '../../../core/model/errors.js'
import type { MetricInput, PluginOutput } from '../../../core/model/types.js'
import { parseReport, validatePluginOutput } from '../../../core/model/validate.js'
import { run } from '../../../core/run/run.js'
import { hostPlugin } from '../../../plugins/host/index.js'
import { pickMount } from '../../../plugins/host/plugin.js'
import { recommended } from '../../../presets/index.js'
import { REPO_ROOT } from '../../helpers/paths.js'
import { useTestContexts } from '../../helpers/plugin-context.js'

const context = useTestContexts(REPO_ROOT)

const FAST = { sampleMs: 150, calibrationMs: 40, calibrationRuns: 3 }

function byId(output: PluginOutput): Map<string, MetricInput> {
  return new Map((output.metrics ?? []).map((m) => [m.id, m]))
}

describe('hostPlugin', () => {
  it('measures CPU, memory, disk, load and calibration with valid ids, units and ranges', async () => {
    const { ctx, progress } = context()
    const plugin = hostPlugin(FAST)
    expect(plugin.name).toBe('perfgate:host')
    const output = validatePluginOutput(plugin.name, await plugin.collect(ctx))
    const metrics = byId(output)

    const percents = ['host/cpu/busy', 'host/memory/used', 'host/disk/used']
    if (process.platform === 'linux') percents.push('host/cpu/steal')
    for (const id of percents) {
      const metric = metrics.get(id)
      expect(metric, id).toMatchObject({ unit: 'percent', better: 'lower' })
      expect(metric?.value).toBeGreaterThanOrEqual(0)
      expect(metric?.value).toBeLessThanOrEqual(100)
    }
    // A machine running this test uses some memory and some disk.
    expect(metrics.get('host/memory/used')?.value).toBeGreaterThan(0)
    expect(metrics.get('host/disk/used')?.value).toBeGreaterThan(0)
    expect(metrics.get('host/load/1m')).toMatchObject({ unit: 'none', better: 'lower' })
    expect(metrics.get('host/load/1m')?.value).toBeGreaterThanOrEqual(0)

    const calibration = metrics.get('host/calibration/ops')
    expect(calibration).toMatchObject({ unit: 'ops/s', better: 'higher', timing: true })
    expect(calibration?.samples).toHaveLength(3)
    for (const s of calibration?.samples ?? []) expect(s).toBeGreaterThan(0)

    for (const id of metrics.keys()) expect(id).toMatch(/^host\/[a-z0-9/._-]+$/)
    expect(output.findings ?? []).toEqual([])
    expect(progress).toContain('sampling CPU for 150 ms')
    expect(progress).toContain('calibration run 3/3')
  })

  it('rejects quickly when aborted during the CPU window', async () => {
    const { ctx, controller } = context()
    // A one-minute window: only the abort can end this within the test's timeout.
    ctx.progress = {
      update: (text) => {
        if (text.startsWith('sampling CPU'))
          setTimeout(() => controller.abort(new Error('plugin timed out')), 50)
      },
    }
    const collecting = hostPlugin({ ...FAST, sampleMs: 60_000 }).collect(ctx)
    await expect(collecting).rejects.toThrow('plugin timed out')
  })

  it('rejects between calibration runs when aborted', async () => {
    const { ctx, controller } = context()
    // 1000 runs of 50 ms would take almost a minute; abort as the first run starts.
    ctx.progress = {
      update: (text) => {
        if (text.startsWith('calibration run 1/')) controller.abort(new Error('stopped by the user'))
      },
    }
    const collecting = hostPlugin({ ...FAST, calibrationMs: 50, calibrationRuns: 1000 }).collect(ctx)
    await expect(collecting).rejects.toThrow('stopped by the user')
  })

  it('runs inside perfgate with the recommended preset judging its budgets', async () => {
    const { ctx } = context()
    const { report } = await run({
      cwd: ctx.outDir,
      config: { presets: [recommended({ host: FAST, configLint: false })] },
      compare: false,
      write: false,
      progress: false,
      logger: ctx.logger,
    })
    expect(report.plugins).toEqual([expect.objectContaining({ name: 'perfgate:host', status: 'ok' })])
    expect(parseReport(JSON.parse(JSON.stringify(report)))).toMatchObject({ ok: true })
    const busy = report.metrics.find((m) => m.id === 'host/cpu/busy')
    expect(busy?.plugin).toBe('perfgate:host')
    expect(busy?.budget?.max).toBe(80)
    expect(report.metrics.find((m) => m.id === 'host/disk/used')?.budget?.max).toBe(90)
    expect(report.host.os.startsWith(process.platform)).toBe(true)
  })

  it('rejects invalid options at load with the option path and the closest valid key', () => {
    expect(() => hostPlugin({ sampleMs: -1 })).toThrow(/perfgate:host:\n {2}sampleMs: Too small/)
    expect(() => hostPlugin({ calibrationRuns: 0 })).toThrow(/calibrationRuns: /)
    expect(() => hostPlugin({ services: [{ name: 'api', url: 'localhost:3000' }] })).toThrow(
      /services\[0\]\.url: must be an http\(s\) URL/,
    )
    expect(() => hostPlugin({ services: [{ name: '', url: 'http://127.0.0.1/' }] })).toThrow(
      /services\[0\]\.name: needs a non-empty name/,
    )
    expect(() =>
      hostPlugin({ services: [{ name: 'a', url: 'http://127.0.0.1/', expectStatus: 2000 }] }),
    ).toThrow(/services\[0\]\.expectStatus: Too big/)
    // @ts-expect-error: a typo is what is being tested
    expect(() => hostPlugin({ samplems: 500 })).toThrow(
      /samplems: unknown option — did you mean "sampleMs"\?/,
    )
    try {
      // @ts-expect-error: a typo is what is being tested
      hostPlugin({ services: [{ name: 'a', url: 'http://127.0.0.1/', timeout: 5 }] })
    } catch (error) {
      expect((error as PerfgateError).exitCode).toBe(2)
      expect(String(error)).toContain('services[0].timeout: unknown option — did you mean "timeoutMs"?')
    }
    expect.assertions(8)
  })
})

describe('pickMount', () => {
  const filesystems = [
    { mount: '/' },
    { mount: '/home' },
    { mount: '/home/user/projects' },
    { mount: '/homework' },
  ]

  it('picks the longest mount point containing the path', () => {
    expect(pickMount('/home/user/projects/app', filesystems)?.mount).toBe('/home/user/projects')
    expect(pickMount('/home/user/other', filesystems)?.mount).toBe('/home')
    expect(pickMount('/home', filesystems)?.mount).toBe('/home')
    expect(pickMount('/srv/app', filesystems)?.mount).toBe('/')
  })

  it('does not mistake a sibling with a common prefix for a parent', () => {
    expect(pickMount('/homework/a', filesystems)?.mount).toBe('/homework')
    expect(pickMount('/home2/a', filesystems)?.mount).toBe('/')
  })

  it('returns null when nothing contains the path', () => {
    expect(pickMount('/srv/app', [{ mount: '/home' }])).toBeNull()
  })
})
