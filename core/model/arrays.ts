/**
 * `target` with `items` appended one by one. `target.push(...items)` passes every item as an argument,
 * which overflows the stack past about 100,000 items: plugin output (metrics, findings, artifacts) and
 * everything rendered from it is appended this way.
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item)
  return target
}
