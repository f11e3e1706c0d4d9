import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { StandInAction } from './composite.js'

/**
 * A stand-in for `actions/upload-artifact@v4`, keeping the behaviour its README documents that a caller
 * can get wrong: only its declared inputs; `path` lines of files and folders, `!` lines excluding;
 * hidden files and folders (any path part starting with `.`) left out unless `include-hidden-files: true`
 * (v4.4+); `if-no-files-found` (warn by default: no upload, no outputs); a name unique in the workflow
 * run (409 otherwise, unless `overwrite`); the artifact's root is the paths' least common ancestor; the
 * `artifact-id` and `artifact-url` outputs. Uploaded files are copied to `<dir>/<name>/`.
 */
export function uploadArtifactStandIn(dir: string): { action: StandInAction; uploaded: Map<string, string> } {
  const uploaded = new Map<string, string>()
  let nextId = 1000
  const action: StandInAction = async (inputs, env) => {
    for (const name of Object.keys(inputs))
      if (!INPUTS.has(name)) throw new Error(`upload-artifact has no input "${name}"`)
    const name = inputs.name || 'artifact'
    if (/[":<>|*?\r\n\\/]/.test(name)) return fail(`The artifact name is not valid: ${name}`)
    const lines = (inputs.path ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    if (lines.length === 0) throw new Error('upload-artifact: input required and not supplied: path')
    const workspace = env.GITHUB_WORKSPACE!
    const include = lines.filter((l) => !l.startsWith('!')).map((l) => resolve(workspace, l))
    const exclude = lines.filter((l) => l.startsWith('!')).map((l) => resolve(workspace, l.slice(1)))
    for (const path of [...include, ...exclude])
      if (/[*?[]/.test(path)) throw new Error(`this stand-in does not expand wildcards: ${path}`)
    const hidden = inputs['include-hidden-files'] !== 'true'
    const files = include
      .flatMap((path) => walk(path))
      .filter(
        (file) => !exclude.some((ex) => file === ex || file.startsWith(ex.endsWith(sep) ? ex : ex + sep)),
      )
      .filter((file) => !hidden || !file.split(sep).some((part) => part.startsWith('.')))
    if (files.length === 0) {
      const mode = inputs['if-no-files-found'] || 'warn'
      const message = `No files were found with the provided path: ${lines.join('\n')}. No artifacts will be uploaded.`
      if (mode === 'error') return fail(message)
      return { code: 0, stdout: mode === 'warn' ? `::warning::${message}\n` : '' }
    }
    const key = `${env.GITHUB_RUN_ID}/${name}`
    if (uploaded.has(key) && inputs.overwrite !== 'true')
      return fail(
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
      )
    const root = commonAncestor(
      include.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p))),
    )
    const target = join(dir, String(nextId))
    for (const file of files) {
      mkdirSync(dirname(join(target, relative(root, file))), { recursive: true })
      cpSync(file, join(target, relative(root, file)))
    }
    uploaded.set(key, target)
    const id = String(nextId++)
    const digest = createHash('sha256')
    for (const file of files) digest.update(readFileSync(file))
    return {
      code: 0,
      stdout: `Artifact ${name} has been successfully uploaded! Final size is … bytes. Artifact ID is ${id}\n`,
      outputs: {
        'artifact-id': id,
        'artifact-url': `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`,
        'artifact-digest': digest.digest('hex'),
      },
    }
  }
  return { action, uploaded }
}

const INPUTS = new Set([
  'name',
  'path',
  'if-no-files-found',
  'retention-days',
  'compression-level',
  'overwrite',
  'include-hidden-files',
])

function fail(message: string) {
  return { code: 1, stdout: `::error::${message}\n` }
}

function walk(path: string): string[] {
  if (!isAbsolute(path) || !existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile())
}

function commonAncestor(paths: string[]): string {
  const parts = paths.map((p) => p.split(sep))
  const first = parts[0] ?? []
  let n = 0
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++
  return first.slice(0, n).join(sep) || sep
}
