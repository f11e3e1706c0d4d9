import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../core/report/logger.js'
import { copyIgnoredEnvFiles } from '../../../core/run/ab-env.js'

const made: string[] = []
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('copyIgnoredEnvFiles (the A/B base checkout lacks what git ignores)', () => {
  it('copies the env files git ignores, never a tracked or a not-ignored one, never over the base’s own', async () => {
    const head = await mkdtemp(join(tmpdir(), 'perfgate-ab-env-head-'))
    const base = await mkdtemp(join(tmpdir(), 'perfgate-ab-env-base-'))
    made.push(head, base)
    execFileSync('git', ['init', '-q'], { cwd: head })
    await writeFile(join(head, '.gitignore'), '.env\n.env.production\n')
    await writeFile(join(head, '.env'), 'PORT=3000\n')
    await writeFile(join(head, '.env.production'), 'API=head\n')
    await writeFile(join(head, '.env.sample'), 'PORT=\n') // tracked: the commit's own
    await writeFile(join(head, '.env.local'), 'X=1\n') // untracked, not ignored: part of the change
    execFileSync('git', ['add', '.gitignore', '.env.sample'], { cwd: head })
    await mkdir(base, { recursive: true })
    await writeFile(join(base, '.env.production'), 'API=base\n')
    const lines: string[] = []
    const logger = createLogger({ level: 'info', write: (line: string) => lines.push(line), color: false })

    const copied = await copyIgnoredEnvFiles(head, base, logger)

    expect(copied).toEqual(['.env'])
    expect(await readFile(join(base, '.env'), 'utf8')).toBe('PORT=3000\n')
    expect(await readFile(join(base, '.env.production'), 'utf8')).toBe('API=base\n')
    expect(existsSync(join(base, '.env.sample'))).toBe(false)
    expect(existsSync(join(base, '.env.local'))).toBe(false)
    expect(lines.join('\n')).toContain('copied .env into the base checkout (ignored by git')
  })
})
