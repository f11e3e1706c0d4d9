import './style.css'
import { renderAbout } from './views/about'
import { renderHome } from './views/home'

type View = (root: HTMLElement) => void | Promise<void>

// Hash routes, so any static file server can host the build without rewrites.
const ROUTES: Record<string, { title: string; view: View }> = {
  '/': { title: 'Home', view: renderHome },
  '/about': { title: 'About', view: renderAbout },
  '/reports': {
    title: 'Reports',
    // The reports view is its own chunk, fetched on the first visit.
    view: async (root) => (await import('./views/reports')).renderReports(root),
  },
}

const app = document.querySelector<HTMLElement>('#app') as HTMLElement

function currentPath(): string {
  const path = location.hash.replace(/^#/, '') || '/'
  return path in ROUTES ? path : '/'
}

async function navigate(): Promise<void> {
  const path = currentPath()
  const route = ROUTES[path]
  document.title = `${route.title} · Shipyard`
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-route]')) {
    if (link.dataset.route === path) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  app.setAttribute('aria-busy', 'true')
  try {
    await route.view(app)
  } catch (error) {
    app.innerHTML = '<p class="error">This page could not be loaded. Check your connection and try again.</p>'
    throw error
  } finally {
    app.removeAttribute('aria-busy')
  }
}

window.addEventListener('hashchange', () => void navigate())
void navigate()

// The worker `vite build` generates (perfgate/vite's serviceWorker()): the app works offline.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js')
