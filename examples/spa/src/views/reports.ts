// Loaded with import() from the router, so it is its own chunk: the first visit to #/reports fetches it.
import dayjs from 'dayjs'
import { type Build, buildHistory, escapeHtml, formatBytes } from '../data'

type SortKey = 'id' | 'finishedAt' | 'durationMs' | 'bundleBytes' | 'lcpMs'

const COLUMNS: Array<{ key: SortKey; label: string; format: (b: Build) => string }> = [
  { key: 'id', label: 'Build', format: (b) => `#${b.id}` },
  { key: 'finishedAt', label: 'Finished', format: (b) => dayjs(b.finishedAt).format('YYYY-MM-DD HH:mm') },
  { key: 'durationMs', label: 'Duration', format: (b) => formatDuration(b.durationMs) },
  { key: 'bundleBytes', label: 'Bundle', format: (b) => formatBytes(b.bundleBytes) },
  { key: 'lcpMs', label: 'LCP', format: (b) => `${(b.lcpMs / 1000).toFixed(2)} s` },
]

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`
}

interface State {
  sort: SortKey
  descending: boolean
  query: string
  failedOnly: boolean
}

function visibleBuilds(builds: Build[], state: State): Build[] {
  const query = state.query.trim().toLowerCase()
  const rows = builds.filter(
    (b) =>
      (!state.failedOnly || b.status === 'failed') &&
      (!query || b.branch.includes(query) || b.author.includes(query) || String(b.id).includes(query)),
  )
  const direction = state.descending ? -1 : 1
  return rows.sort((a, b) => (a[state.sort] - b[state.sort]) * direction)
}

function summary(builds: Build[]): string {
  if (builds.length === 0) return 'No builds match.'
  const sizes = builds.map((b) => b.bundleBytes).sort((a, b) => a - b)
  const median = sizes[Math.floor(sizes.length / 2)]
  const failed = builds.filter((b) => b.status === 'failed').length
  const first = dayjs(Math.min(...builds.map((b) => b.finishedAt)))
  const last = dayjs(Math.max(...builds.map((b) => b.finishedAt)))
  return `${builds.length} builds from ${first.format('D MMM')} to ${last.format('D MMM YYYY')} · median bundle ${formatBytes(median)} · ${failed} over budget`
}

export function renderReports(root: HTMLElement): void {
  const builds = buildHistory(400)
  const state: State = { sort: 'finishedAt', descending: true, query: '', failedOnly: false }
  root.innerHTML = `
    <section>
      <h1>Reports</h1>
      <form class="filters" role="search">
        <input type="search" name="query" placeholder="Filter by branch, author or build" aria-label="Filter" />
        <label><input type="checkbox" name="failed" /> Over budget only</label>
      </form>
      <p class="summary" aria-live="polite"></p>
      <table class="reports">
        <thead><tr>${COLUMNS.map((c) => `<th><button type="button" data-sort="${c.key}">${c.label}</button></th>`).join('')}<th>Branch</th><th>Status</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
  `
  const body = root.querySelector('tbody') as HTMLTableSectionElement
  const summaryLine = root.querySelector('.summary') as HTMLElement
  const render = () => {
    const rows = visibleBuilds(builds, state)
    summaryLine.textContent = summary(rows)
    body.innerHTML = rows
      .slice(0, 100)
      .map(
        (b) =>
          `<tr class="${b.status}">${COLUMNS.map((c) => `<td>${c.format(b)}</td>`).join('')}<td>${escapeHtml(b.branch)}</td><td>${b.status}</td></tr>`,
      )
      .join('')
    for (const button of root.querySelectorAll<HTMLButtonElement>('[data-sort]')) {
      const active = button.dataset.sort === state.sort
      button.setAttribute('aria-sort', active ? (state.descending ? 'descending' : 'ascending') : 'none')
    }
  }
  root.querySelector('thead')?.addEventListener('click', (event) => {
    const key = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-sort]')?.dataset.sort as
      | SortKey
      | undefined
    if (!key) return
    state.descending = state.sort === key ? !state.descending : true
    state.sort = key
    render()
  })
  const form = root.querySelector('form') as HTMLFormElement
  form.addEventListener('submit', (event) => event.preventDefault())
  form.addEventListener('input', () => {
    state.query = (form.elements.namedItem('query') as HTMLInputElement).value
    state.failedOnly = (form.elements.namedItem('failed') as HTMLInputElement).checked
    render()
  })
  render()
}
