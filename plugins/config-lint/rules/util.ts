import { docsUrl } from '../../../core/toolkit/index.js'
import type { PathKind } from '../cache/paths.js'

/** A rule's heading in docs/config-lint.md. */
export function ruleDocs(id: string): string {
  return docsUrl('config-lint.md', id)
}

export const KIND_NAMES: Record<PathKind, string> = {
  document: 'HTML',
  'service-worker': 'service worker',
  manifest: 'web manifest',
  hashed: 'content-hashed file',
  other: 'file',
}

/** 31536000 → "365 d", 600 → "10 min". */
export function humanSeconds(seconds: number): string {
  if (seconds >= 86400) return `${Math.round((seconds / 86400) * 10) / 10} d`
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`
  if (seconds >= 60) return `${Math.round((seconds / 60) * 10) / 10} min`
  return `${seconds} s`
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}

/** "a, b and 3 more" */
export function listShort(items: string[], max = 3): string {
  if (items.length <= max) return items.join(', ')
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}
