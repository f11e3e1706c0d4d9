// Made-up build history shared by the views; deterministic so every build of the app is the same.

export interface Build {
  id: number
  branch: string
  author: string
  /** Milliseconds since the epoch. */
  finishedAt: number
  durationMs: number
  bundleBytes: number
  lcpMs: number
  status: 'passed' | 'failed'
}

const BRANCHES = [
  'main',
  'feature/search',
  'fix/cache-headers',
  'feature/dark-mode',
  'chore/deps',
  'perf/lazy-routes',
]
const AUTHORS = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'dennis']
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0)

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export function buildHistory(count: number, now = Date.now()): Build[] {
  const random = seeded(42)
  const span = Math.max(1, now - EPOCH)
  return Array.from({ length: count }, (_, i) => {
    const bundleBytes = Math.round(180_000 + random() * 60_000 + i * 90)
    const lcpMs = Math.round(1400 + random() * 1600)
    return {
      id: 1000 + i,
      branch: BRANCHES[Math.floor(random() * BRANCHES.length)],
      author: AUTHORS[Math.floor(random() * AUTHORS.length)],
      finishedAt: EPOCH + Math.round((span * (i + random())) / count),
      durationMs: Math.round(40_000 + random() * 200_000),
      bundleBytes,
      lcpMs,
      status: lcpMs > 2500 || bundleBytes > 230_000 ? 'failed' : 'passed',
    }
  })
}

/** Escapes text for HTML built with template strings. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`
}
