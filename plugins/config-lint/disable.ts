/**
 * Inline disable comments, as ESLint's, in `#` or `//` comments:
 * `perfgate-disable-next-line [ids]`, `perfgate-disable-line [ids]` (at the end of the line),
 * `perfgate-disable [ids]` … `perfgate-enable [ids]`. No ids means every rule.
 */
export interface DisableDirectives {
  isDisabled(ruleId: string, line: number): boolean
}

const COMMENT = /(?:#|\/\/)\s*perfgate-(disable-next-line|disable-line|disable|enable)\b([^\n]*)/g

export function parseDisableDirectives(text: string): DisableDirectives {
  if (!text.includes('perfgate-')) return { isDisabled: () => false }
  const lineRules = new Map<number, Set<string> | 'all'>()
  const ranges: { from: number; to: number; rules: Set<string> | 'all' }[] = []
  const open = new Map<string, number>()
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  const lineAt = (offset: number) => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  for (const match of text.matchAll(COMMENT)) {
    const line = lineAt(match.index)
    const ids = match[2]
      .replace(/--.*$/, '') // `-- reason`, as ESLint allows
      .split(/[\s,]+/)
      .filter(Boolean)
    const rules: Set<string> | 'all' = ids.length ? new Set(ids) : 'all'
    const kind = match[1]
    const add = (target: number) => {
      const current = lineRules.get(target)
      if (current === 'all' || rules === 'all') lineRules.set(target, 'all')
      else lineRules.set(target, new Set([...(current ?? []), ...rules]))
    }
    if (kind === 'disable-next-line') add(line + 1)
    else if (kind === 'disable-line') add(line)
    else if (kind === 'disable') for (const id of rules === 'all' ? ['*'] : rules) open.set(id, line)
    else {
      for (const id of rules === 'all' ? [...open.keys()] : rules) {
        const from = open.get(id)
        if (from === undefined) continue
        ranges.push({ from, to: line, rules: id === '*' ? 'all' : new Set([id]) })
        open.delete(id)
      }
    }
  }
  for (const [id, from] of open)
    ranges.push({ from, to: Number.POSITIVE_INFINITY, rules: id === '*' ? 'all' : new Set([id]) })
  return {
    isDisabled(ruleId, line) {
      const onLine = lineRules.get(line)
      if (onLine === 'all' || onLine?.has(ruleId)) return true
      return ranges.some((r) => line >= r.from && line <= r.to && (r.rules === 'all' || r.rules.has(ruleId)))
    },
  }
}
