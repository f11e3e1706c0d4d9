import { LHCI_COLLECT, OWN_FLAGS } from './lighthouse-audits.js'
import type { FormFactor } from './lighthouse-scores.js'
import { isRecord, type KeyPath } from './source.js'
import type { Migration } from './types.js'

// `ci.collect` of a Lighthouse CI config → lighthousePlugin's options: where the pages come from (a
// built folder, a started server, URLs), how many runs, and the Lighthouse settings perfgate passes.

export type Note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) => void

/** `ci.collect` → lighthousePlugin options; returns the static folder, which the bundle budgets need. */
export function translateCollect(
  collect: Record<string, unknown>,
  formFactor: FormFactor,
  m: Migration,
  note: Note,
): string | null {
  const options: Record<string, unknown> = {}
  const comments: string[] = []
  const at = (key: string): KeyPath => ['ci', 'collect', key]
  let staticDistDir =
    typeof collect.staticDistDir === 'string' && collect.staticDistDir !== ''
      ? collect.staticDistDir.replace(/^\.\//, '').replace(/\/+$/, '') || '.'
      : null
  const command = typeof collect.startServerCommand === 'string' ? collect.startServerCommand : null
  if (staticDistDir) options.staticDistDir = staticDistDir
  else if (command) options.startServerCommand = command
  if (staticDistDir && command)
    note(
      'untranslated',
      at('startServerCommand'),
      'Lighthouse CI ignores it when staticDistDir is set; so does this config',
    )

  const rawUrls = collect.url === undefined ? [] : Array.isArray(collect.url) ? collect.url : [collect.url]
  const urls: string[] = []
  let localRewritten: string | null = null
  rawUrls.forEach((raw, i) => {
    const path = Array.isArray(collect.url) ? [...at('url'), i] : at('url')
    if (typeof raw !== 'string' || raw === '' || raw === 'undefined') {
      note(
        'untranslated',
        path,
        `not a URL (${JSON.stringify(raw)}): a JS config that reads the environment gave nothing here`,
      )
      return
    }
    let url: URL | null = null
    try {
      url = new URL(raw)
    } catch {}
    const local = url && /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])$/i.test(url.hostname)
    if (url && (staticDistDir || (command && local))) {
      urls.push(`${url.pathname}${url.search}` || '/')
      if (command && local) localRewritten ??= raw
    } else if (url) urls.push(raw)
    else if (raw.startsWith('/') && (staticDistDir || command)) urls.push(raw)
    else
      note(
        'untranslated',
        path,
        `"${raw}" is neither an http(s) URL nor a path on the served folder or started server`,
      )
  })
  if (urls.length > 0) options.urls = urls
  if (localRewritten)
    note(
      'notes',
      at('url'),
      `written as paths on the started server: perfgate sets PORT to a free port and the server must listen on it (Lighthouse CI used ${localRewritten})`,
    )
  if (command && typeof collect.startServerReadyPattern === 'string')
    options.readyPattern = collect.startServerReadyPattern
  if (command && typeof collect.startServerReadyTimeout === 'number')
    options.serverTimeout = collect.startServerReadyTimeout
  if (typeof collect.numberOfRuns === 'number') options.runs = collect.numberOfRuns
  if (collect.isSinglePageApplication === true && staticDistDir) options.spa = true
  if (typeof collect.maxAutodiscoverUrls === 'number' && collect.maxAutodiscoverUrls > 0)
    options.maxPages = collect.maxAutodiscoverUrls
  if (typeof collect.chromePath === 'string') options.chromePath = collect.chromePath
  if (formFactor === 'desktop') options.preset = 'desktop'

  const handled = new Set([
    'url',
    'staticDistDir',
    'startServerCommand',
    'startServerReadyPattern',
    'startServerReadyTimeout',
    'numberOfRuns',
    'isSinglePageApplication',
    'maxAutodiscoverUrls',
    'chromePath',
    'settings',
  ])
  const why: Record<string, string> = {
    puppeteerScript:
      'perfgate runs `beforeEach(page, url)` from the config instead of a script file (docs/lighthouse.md)',
    puppeteerLaunchOptions: 'perfgate launches Chrome itself; only chromePath and chromeFlags are options',
    method: 'perfgate runs Lighthouse locally; PageSpeed Insights is not used',
    psiApiKey: 'perfgate runs Lighthouse locally; PageSpeed Insights is not used',
    psiStrategy: 'perfgate runs Lighthouse locally; PageSpeed Insights is not used',
    autodiscoverUrlBlocklist: 'perfgate has no blocklist: list the pages in `urls`',
    headful: 'perfgate runs Chrome headless',
    additive: 'every perfgate run measures afresh',
  }
  for (const key of Object.keys(collect))
    if (!handled.has(key))
      note(
        'untranslated',
        at(key),
        why[key] ??
          (LHCI_COLLECT.has(key)
            ? 'no lighthousePlugin option for it'
            : `not a Lighthouse CI option${key === 'urls' ? ' (`url` is)' : ''}: Lighthouse CI ignored it too`),
      )

  const settings = isRecord(collect.settings) ? collect.settings : {}
  for (const [key, value] of Object.entries(settings)) {
    const path = [...at('settings'), key]
    if (key === 'preset' || key === 'formFactor') {
      if (value !== 'desktop' && value !== 'mobile')
        note('untranslated', path, `"${String(value)}": perfgate's presets are mobile and desktop`)
    } else if (key === 'throttlingMethod' && ['simulate', 'devtools', 'provided'].includes(String(value)))
      options.throttlingMethod = value
    else if (key === 'chromeFlags') {
      const flags = (Array.isArray(value) ? value.map(String) : String(value).split(/\s+/)).filter(
        (f) => f !== '' && !OWN_FLAGS.has(f),
      )
      if (flags.length > 0) options.chromeFlags = flags
    } else if (key === 'onlyCategories') {
      const others = (Array.isArray(value) ? value : []).filter((c) => c !== 'performance')
      if (others.length > 0)
        note('untranslated', path, `${others.join(', ')}: perfgate measures the performance category only`)
    } else
      note(
        'untranslated',
        path,
        key === 'throttling' || key === 'screenEmulation'
          ? `perfgate uses Lighthouse's ${formFactor} ${key} as its preset defines it`
          : 'a Lighthouse setting perfgate does not pass',
      )
  }

  if (!staticDistDir && !command && urls.length === 0) {
    comments.push(
      'TODO(perfgate): Lighthouse CI got its URLs elsewhere (`--collect.url` or an Action input): set `urls` or `staticDistDir`, then uncomment.',
    )
    note(
      'untranslated',
      ['ci', 'collect'],
      'no url, staticDistDir or startServerCommand: the URLs came from the command line or an Action; lighthousePlugin is written commented out with a TODO',
    )
    m.lighthouse = { options, comments: [...comments, 'disabled'] }
    return null
  }
  m.lighthouse = { options, comments }
  if (staticDistDir === '.') staticDistDir = null
  return staticDistDir
}
