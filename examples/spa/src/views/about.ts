import dayjs from 'dayjs'

const RELEASED = '2025-03-14T10:00:00Z'

export function renderAbout(root: HTMLElement): void {
  root.innerHTML = `
    <section class="prose">
      <h1>About Shipyard</h1>
      <p>
        Shipyard is a pretend build dashboard. It exists so that perfgate has a realistic app to measure:
        an HTML entry, a main chunk with one npm dependency (dayjs), a lazily loaded reports chunk,
        a stylesheet and an image.
      </p>
      <dl>
        <dt>Version</dt><dd>1.4.0</dd>
        <dt>Released</dt><dd><time datetime="${RELEASED}">${dayjs(RELEASED).format('D MMMM YYYY')}</time></dd>
        <dt>Routes</dt><dd><code>#/</code>, <code>#/reports</code>, <code>#/about</code></dd>
      </dl>
    </section>
  `
}
