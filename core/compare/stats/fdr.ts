/**
 * Benjamini–Hochberg adjusted p-values (step-up): p_adj(i) = min over j ≥ i of p_(j)·m/j, capped at 1.
 * A metric is significant at false-discovery rate α when its adjusted p < α. Input order is kept.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p)
  const adjusted = new Array<number>(m)
  let running = 1
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = order[rank - 1]
    running = Math.min(running, (p * m) / rank)
    adjusted[index] = Math.min(1, running)
  }
  return adjusted
}
