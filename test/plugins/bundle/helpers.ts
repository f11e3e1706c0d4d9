import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { PluginContext } from '../../../core/model/types.js'
import { createMemoryLogger } from '../../../core/report/logger.js'
import { fixture, REPO_ROOT, tempDir } from '../../helpers/paths.js'
import { pluginContext } from '../../helpers/plugin-context.js'

export interface TestContext {
  ctx: PluginContext
  logger: ReturnType<typeof createMemoryLogger>
  cleanup: () => void
}

/** The smallest real PluginContext a plugin's collect() can run with. */
export function createTestContext(cwd: string): TestContext {
  const { dir, cleanup } = tempDir('perfgate-bundle-out-')
  const logger = createMemoryLogger()
  const ctx = pluginContext({ cwd, outDir: dir, logger })
  return { ctx, logger, cleanup }
}

/**
 * A fixture copied to a temp folder: `vendor/` and nested `_node_modules/` become `node_modules/` (git ignores
 * those names); without a vendor folder, node_modules links to the repository's (for dayjs).
 */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const temp = tempDir('perfgate-bundle-app-')
  cpSync(fixture(name), temp.dir, { recursive: true })
  const vendor = join(temp.dir, 'vendor')
  if (existsSync(vendor)) {
    renameSync(vendor, join(temp.dir, 'node_modules'))
    renameNested(join(temp.dir, 'node_modules'))
  } else {
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(temp.dir, 'node_modules'), 'dir')
  }
  return temp
}

function renameNested(dir: string) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const path = join(dir, entry.name)
    if (entry.name === '_node_modules') {
      const target = join(dir, 'node_modules')
      renameSync(path, target)
      renameNested(target)
    } else renameNested(path)
  }
}

/** Every file of a folder (relative, `/`-separated), recursively. */
export function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    return e.isDirectory() ? walk(dir, rel) : [rel]
  })
}

/** Types servers send as they are (already compressed), written out here independently of mime-db. */
export const SENT_AS_IS = /\.(png|jpe?g|gif|webp|avif|woff2?|mp4|webm|mp3|zip)$/i

/**
 * Independent sizes of files: fs.stat for raw, zlib for gzip -9 and brotli -11; files of SENT_AS_IS
 * types count their raw bytes in every column.
 */
export function independentSizes(dir: string, files: string[]) {
  let raw = 0
  let gzip = 0
  let brotli = 0
  for (const f of files) {
    const path = join(dir, f)
    const data = readFileSync(path)
    const size = statSync(path).size
    raw += size
    gzip += SENT_AS_IS.test(f) ? size : gzipSync(data, { level: 9 }).length
    brotli += SENT_AS_IS.test(f)
      ? size
      : brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  }
  return { raw, gzip, brotli }
}

/** A Vite logger that keeps what it is given. */
export function captureLogger() {
  const lines: string[] = []
  const push = (msg: string) => {
    lines.push(msg)
  }
  return {
    lines,
    logger: {
      info: push,
      warn: push,
      warnOnce: push,
      error: push,
      clearScreen: () => {},
      hasErrorLogged: () => false,
      hasWarned: false,
    },
  }
}
