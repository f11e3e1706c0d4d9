import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import { buildHistory, escapeHtml, formatBytes } from '../data'

dayjs.extend(relativeTime)

export function renderHome(root: HTMLElement): void {
  const recent = buildHistory(120).slice(-6).reverse()
  const passed = recent.filter((b) => b.status === 'passed').length
  root.innerHTML = `
    <section class="hero">
      <div class="hero-text">
        <h1>Every build, measured</h1>
        <p>${passed} of the last ${recent.length} builds stayed within budget.</p>
        <a class="button" href="#/reports">Open reports</a>
      </div>
      <div class="hero-image" role="img" aria-label="Bundle size per build, with the budget line"></div>
    </section>
    <section>
      <h2>Recent builds</h2>
      <ul class="build-list">
        ${recent
          .map(
            (b) => `
          <li class="build ${b.status}">
            <span class="build-id">#${b.id}</span>
            <span class="build-branch">${escapeHtml(b.branch)}</span>
            <span class="build-size">${formatBytes(b.bundleBytes)}</span>
            <time datetime="${new Date(b.finishedAt).toISOString()}">${dayjs(b.finishedAt).fromNow()}</time>
          </li>`,
          )
          .join('')}
      </ul>
    </section>
    <section class="counter">
      <h2>Try it</h2>
      <button type="button" class="button" id="rebuild">Queue a rebuild</button>
      <output id="queued" aria-live="polite">Nothing queued.</output>
    </section>
  `
  let queued = 0
  const output = root.querySelector<HTMLOutputElement>('#queued')
  root.querySelector('#rebuild')?.addEventListener('click', () => {
    queued++
    if (output)
      output.textContent = `${queued} rebuild${queued === 1 ? '' : 's'} queued at ${dayjs().format('HH:mm:ss')}.`
  })
}
