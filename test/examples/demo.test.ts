import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWithoutChrome } from '../core/doctor/hide-chrome.js'
import { REPO_ROOT } from '../helpers/paths.js'

describe('npm run demo on a machine without Chrome', () => {
  it('says in one line how to install it, shows everything else, and exits 0', async () => {
    const { code, stderr } = await runWithoutChrome(process.execPath, ['examples/demo.mjs'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: 'true' },
    })
    const advice = stderr.split('\n').filter((l) => l.includes('apt-get install chromium'))
    expect(advice).toEqual([
      'demo: no Chrome or Chromium found, so Lighthouse is skipped: install it with `sudo apt-get install chromium` (Debian/Ubuntu) or set CHROME_PATH, and run `npm run demo` again.',
    ])
    expect(code, stderr).toBe(0)
    const report = JSON.parse(readFileSync(join(REPO_ROOT, '.perfgate/report.json'), 'utf8'))
    expect(report.plugins.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['perfgate:host', 'ok'],
      ['perfgate:bundle', 'ok'],
      ['perfgate:bench', 'ok'],
    ])
    const prefixes = new Set(report.metrics.map((m: { id: string }) => m.id.split('/')[0]))
    expect([...prefixes].sort()).toEqual(['bench', 'bundle', 'host'])
  }, 180_000)
})
