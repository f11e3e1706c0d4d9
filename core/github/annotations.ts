import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Finding } from '../model/types.js'

export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title?: string
  raw_details?: string
}

/** GitHub's limit per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50

const LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const
const MAX_TITLE = 255
const MAX_TEXT = 60_000 // under GitHub's 64 KB per message

/**
 * A finding's file as a path relative to the repository root (what annotations need), or undefined when
 * it has no file or lies outside the repository. Findings name files relative to the config's folder.
 */
export function repoPath(file: string | undefined, cwd: string, workspace: string): string | undefined {
  if (!file) return undefined
  const absolute = isAbsolute(file) ? file : resolve(cwd, file)
  const rel = relative(workspace, absolute)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined
  return rel.split(sep).join('/')
}

/** Check-run annotations for the findings that point at a file and a line. */
export function findingsToAnnotations(
  findings: Finding[],
  cwd: string,
  workspace: string,
): CheckAnnotation[] {
  const out: CheckAnnotation[] = []
  for (const finding of findings) {
    const path = repoPath(finding.file, cwd, workspace)
    if (!path || !finding.line || finding.line < 1) continue
    const endLine = finding.endLine && finding.endLine >= finding.line ? finding.endLine : finding.line
    const annotation: CheckAnnotation = {
      path,
      start_line: finding.line,
      end_line: endLine,
      annotation_level: LEVEL[finding.severity],
      message: cut(finding.message, MAX_TEXT),
      title: cut(`${finding.plugin}: ${finding.ruleId}`, MAX_TITLE),
    }
    // GitHub accepts columns only on single-line annotations.
    if (endLine === finding.line && finding.column) {
      annotation.start_column = finding.column
      annotation.end_column =
        finding.endColumn && finding.endColumn >= finding.column ? finding.endColumn : finding.column
    }
    if (finding.help) annotation.raw_details = cut(finding.help, MAX_TEXT)
    out.push(annotation)
  }
  return out
}

export function inBatches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = []
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size))
  return batches
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
