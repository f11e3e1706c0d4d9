import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { resetRedactor } from '../../../core/security/redact.js'
import { FakeGitHub } from './fake-github.js'
import type { fakeRunner } from './runner.js'

/**
 * A fake GitHub for one test file: started before its tests, closed after them, and every test fails if a
 * request or response broke GitHub's OpenAPI description. Runners pushed to `runners` are cleaned up.
 */
export function useFakeGitHub() {
  const fake = new FakeGitHub()
  const runners: Array<ReturnType<typeof fakeRunner>> = []
  beforeAll(async () => {
    await fake.start()
  })
  afterAll(async () => {
    await fake.close()
    for (const r of runners) r.cleanup()
  })
  // Each test stands for one job: masks are announced once per process, so start each afresh.
  beforeEach(() => resetRedactor())
  afterEach(() => {
    expect(fake.violations.splice(0)).toEqual([])
  })
  return { fake, runners }
}
