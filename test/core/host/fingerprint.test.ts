import { cpus, totalmem } from 'node:os'
import { describe, expect, it } from 'vitest'
import { detectCi, parseCfsQuota, parseCpuMax, parseOsRelease } from '../../../core/host/fingerprint.js'
import { hostFingerprint } from '../../../core/host/index.js'

describe('hostFingerprint', () => {
  it('describes this machine', async () => {
    const host = await hostFingerprint()
    expect(host.cores).toBe(cpus().length)
    expect(host.cores).toBeGreaterThan(0)
    expect(host.memoryBytes).toBe(totalmem())
    expect(host.cpuModel).not.toBe('')
    expect(host.node).toBe(process.version)
    expect(host.arch).toBe(process.arch)
    expect(host.os.startsWith(`${process.platform} `)).toBe(true)
    if (process.platform === 'linux') expect(host.os).toMatch(/^linux \d+\.\d+ \(.+\)$/)
    expect(host.cpuQuota === null || host.cpuQuota > 0).toBe(true)
    expect(host.ci).toEqual(detectCi(process.env))
    expect(JSON.parse(JSON.stringify(host))).toEqual(host)
  })
})

describe('detectCi', () => {
  it('names GitHub Actions and its runner image', () => {
    expect(
      detectCi({
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        ImageOS: 'ubuntu24',
        RUNNER_ARCH: 'X64',
        RUNNER_NAME: 'GitHub Actions 3',
      }),
    ).toEqual({ provider: 'github-actions', runner: 'ubuntu24/X64' })
    expect(detectCi({ GITHUB_ACTIONS: 'true', RUNNER_NAME: 'build-box-7', RUNNER_OS: 'Linux' })).toEqual({
      provider: 'github-actions',
      runner: 'build-box-7',
    })
    expect(detectCi({ GITHUB_ACTIONS: 'true', RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' })).toEqual({
      provider: 'github-actions',
      runner: 'macOS/ARM64',
    })
  })

  it('knows the other common services and plain CI=true', () => {
    expect(detectCi({ GITLAB_CI: 'true', CI_RUNNER_DESCRIPTION: 'shared-runner-1' })).toEqual({
      provider: 'gitlab-ci',
      runner: 'shared-runner-1',
    })
    expect(detectCi({ CIRCLECI: 'true' })).toEqual({ provider: 'circleci', runner: null })
    expect(detectCi({ BUILDKITE: 'true', BUILDKITE_AGENT_NAME: 'agent-2' })).toEqual({
      provider: 'buildkite',
      runner: 'agent-2',
    })
    expect(detectCi({ JENKINS_URL: 'http://jenkins/', NODE_NAME: 'linux-node' })).toEqual({
      provider: 'jenkins',
      runner: 'linux-node',
    })
    expect(detectCi({ CI: 'true' })).toEqual({ provider: 'ci', runner: null })
  })

  it('is null outside CI, including CI=false', () => {
    expect(detectCi({})).toEqual({ provider: null, runner: null })
    expect(detectCi({ CI: 'false' })).toEqual({ provider: null, runner: null })
  })
})

describe('cgroup CPU quota parsing', () => {
  it('reads cgroup v2 cpu.max', () => {
    expect(parseCpuMax('max 100000\n')).toBeNull()
    expect(parseCpuMax('200000 100000\n')).toBe(2)
    expect(parseCpuMax('150000 100000')).toBe(1.5)
    expect(parseCpuMax('50000 100000')).toBe(0.5)
    expect(parseCpuMax('')).toBeNull()
    expect(parseCpuMax('garbage')).toBeNull()
  })

  it('reads cgroup v1 cfs quota and period', () => {
    expect(parseCfsQuota('-1\n', '100000\n')).toBeNull()
    expect(parseCfsQuota('400000', '100000')).toBe(4)
    expect(parseCfsQuota('100000', '0')).toBeNull()
  })
})

describe('parseOsRelease', () => {
  it('joins NAME and VERSION_ID, falling back to PRETTY_NAME', () => {
    const debian =
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'
    expect(parseOsRelease(debian)).toBe('Debian GNU/Linux 12')
    expect(parseOsRelease('NAME="Arch Linux"\nID=arch\n')).toBe('Arch Linux')
    expect(parseOsRelease("PRETTY_NAME='Custom OS'\n")).toBe('Custom OS')
    expect(parseOsRelease('')).toBeNull()
  })
})
