import { existsSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { PerfgateError } from '../../model/errors.js'
import { isRecord, readSource, type SourceFile } from './source.js'
import { isWorkflow } from './workflow.js'

export type SourceKind = 'lighthouse-ci' | 'size-limit' | 'workflow'

const LHCI = /^\.?lighthouserc(\.(js|cjs|mjs|json|ya?ml))?$/i
const SIZE_LIMIT = /^\.size-limit(\.(js|cjs|mjs|ts|cts|mts|json))?$/i

/**
 * Reads a `--from` file and tells which tool it configures: by its name (`lighthouserc.*`,
 * `.size-limit.*`, package.json's "size-limit"), else by what it holds (a `ci` object, an array of
 * checks, a workflow's `jobs`).
 */
export async function readFromFile(
  path: string,
  cwd: string,
): Promise<{ kind: SourceKind; src: SourceFile }> {
  if (!existsSync(path))
    throw new PerfgateError('USAGE', `--from ${path}: no such file.`, {
      hint: 'Give the Lighthouse CI config, the size-limit config (or package.json), or the workflow file to translate.',
    })
  const name = basename(path)
  const src = await readSource(path, cwd)
  if (LHCI.test(name)) return { kind: 'lighthouse-ci', src }
  if (SIZE_LIMIT.test(name)) return { kind: 'size-limit', src }
  if (name === 'package.json') {
    if (isRecord(src.value) && src.value['size-limit'] !== undefined) return { kind: 'size-limit', src }
    throw new PerfgateError('USAGE', `--from ${src.file}: package.json has no "size-limit" section.`, {
      hint: 'Point --from at the size-limit config file (.size-limit.json, .size-limit.js …).',
    })
  }
  if (isWorkflow(src.value)) return { kind: 'workflow', src }
  if (isRecord(src.value) && isRecord(src.value.ci)) return { kind: 'lighthouse-ci', src }
  if (
    Array.isArray(src.value) &&
    src.value.some((c) => isRecord(c) && ('path' in c || 'limit' in c || 'import' in c))
  )
    return { kind: 'size-limit', src }
  const ext = extname(name).toLowerCase()
  throw new PerfgateError('USAGE', `--from ${src.file}: not a config perfgate can translate.`, {
    hint: `perfgate init --from reads Lighthouse CI (lighthouserc.*), size-limit (.size-limit.*, package.json) and GitHub workflows with github-action-benchmark or compressed-size-action steps${ext === '.yml' || ext === '.yaml' ? ' (this YAML has no `jobs`)' : ''}.`,
  })
}
