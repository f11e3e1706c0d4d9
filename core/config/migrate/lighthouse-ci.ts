import { type FormFactor, hasScoreCurve, limitForScore } from './lighthouse-scores.js'
import { isRecord, type KeyPath, keyName, type SourceFile } from './source.js'
import { addBudget, type BudgetLine, emptyMigration, type Migration } from './types.js'

// Lighthouse CI (`lighthouserc.*`): `ci.collect` becomes lighthousePlugin's options, `ci.assert`
// (preset and assertions) becomes budgets on the Lighthouse metrics perfgate has. perfgate measures the
// performance category only, and has no per-audit score budget: everything else is listed.

/** Lighthouse metric audits and perfgate's metric name for each (`lighthouse/<page>/<name>`). */
const METRIC_AUDITS: Record<string, string> = {
  'first-contentful-paint': 'fcp',
  'largest-contentful-paint': 'lcp',
  'total-blocking-time': 'tbt',
  'speed-index': 'si',
  'cumulative-layout-shift': 'cls',
  'total-byte-weight': 'bytes',
}

/** Audits perfgate reports as `lighthouse/<audit>` warning findings (docs/lighthouse.md), not budgets. */
const FINDING_AUDITS = new Set([
  'render-blocking-resources',
  'uses-responsive-images',
  'offscreen-images',
  'unminified-css',
  'unminified-javascript',
  'unused-css-rules',
  'unused-javascript',
  'uses-optimized-images',
  'modern-image-formats',
  'uses-text-compression',
  'uses-rel-preconnect',
  'server-response-time',
  'redirects',
  'uses-http2',
  'efficient-animated-content',
  'duplicated-javascript',
  'legacy-javascript',
  'prioritize-lcp-image',
  'uses-long-cache-ttl',
  'dom-size',
  'critical-request-chains',
  'user-timings',
  'bootup-time',
  'mainthread-work-breakdown',
  'font-display',
  'third-party-summary',
  'third-party-facades',
  'largest-contentful-paint-element',
  'lcp-lazy-loaded',
  'layout-shifts',
  'uses-passive-event-listeners',
  'no-document-write',
  'long-tasks',
  'non-composited-animations',
  'unsized-images',
  'viewport',
  'work-during-interaction',
  'bf-cache',
])

const GONE_METRICS: Record<string, string> = {
  interactive: 'Time to Interactive left Lighthouse’s performance score in Lighthouse 10',
  'first-meaningful-paint': 'First Meaningful Paint was removed in Lighthouse 10',
  'first-cpu-idle': 'First CPU Idle was removed in Lighthouse 6',
  'max-potential-fid': 'Max Potential FID is not one of perfgate’s Lighthouse metrics',
  'estimated-input-latency': 'Estimated Input Latency was removed in Lighthouse 6',
  'interaction-to-next-paint': 'INP needs a user interaction; a navigation has none',
}

/** The metric audits the Lighthouse CI presets assert, at the level they assert them (`all` has them off). */
const PRESET_METRICS: Record<string, Record<string, 'warn' | 'off'>> = {
  'lighthouse:all': { 'total-blocking-time': 'off' },
  'lighthouse:recommended': {
    'cumulative-layout-shift': 'warn',
    'first-contentful-paint': 'warn',
    'largest-contentful-paint': 'warn',
    'speed-index': 'warn',
    'total-blocking-time': 'off',
  },
}
PRESET_METRICS['lighthouse:no-pwa'] = PRESET_METRICS['lighthouse:recommended']

/** Chrome flags perfgate passes anyway (docs/lighthouse.md, Chrome). */
const OWN_FLAGS = new Set([
  '--headless',
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
])

const DOCS = 'docs/coming-from-lighthouse-ci.md'

/** Every `ci.collect` option of Lighthouse CI 0.14 (docs/configuration.md of @lhci/cli). */
const LHCI_COLLECT = new Set([
  'additive',
  'autodiscoverUrlBlocklist',
  'chromePath',
  'headful',
  'isSinglePageApplication',
  'maxAutodiscoverUrls',
  'method',
  'numberOfRuns',
  'psiApiEndpoint',
  'psiApiKey',
  'psiStrategy',
  'puppeteerLaunchOptions',
  'puppeteerScript',
  'settings',
  'startServerCommand',
  'startServerReadyPattern',
  'startServerReadyTimeout',
  'staticDirFileDiscoveryDepth',
  'staticDistDir',
  'url',
])

type Assertion = { level: 'off' | 'warn' | 'error'; options: Record<string, unknown> }

export function fromLighthouseCi(src: SourceFile): Migration {
  const m = emptyMigration('lighthouse-ci', src.file)
  const note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) =>
    m[list].push({ file: src.file, key: keyName(path), line: src.lineOf(path), why })
  const ci = isRecord(src.value) && isRecord(src.value.ci) ? src.value.ci : null
  if (!ci) {
    note('untranslated', [], 'no `ci` object: not a Lighthouse CI config')
    return m
  }
  for (const key of Object.keys(ci))
    if (!['collect', 'assert', 'upload', 'server', 'wizard'].includes(key))
      note('untranslated', ['ci', key], 'not a Lighthouse CI section perfgate knows')
  const collect = isRecord(ci.collect) ? ci.collect : {}
  const settings = isRecord(collect.settings) ? collect.settings : {}
  const formFactor: FormFactor =
    settings.preset === 'desktop' || settings.formFactor === 'desktop' ? 'desktop' : 'mobile'
  const staticDistDir = translateCollect(collect, formFactor, m, note)
  if (isRecord(ci.assert)) translateAssert(ci.assert, formFactor, staticDistDir, m, note)
  if (m.budgets.some((b) => !b.disabled))
    m.budgetMode = {
      value: 'absolute',
      from: 'Lighthouse CI fails whenever an assertion fails; remove for perfgate’s default (a limit the base branch already misses fails only when the change makes it worse)',
    }
  if (isRecord(ci.upload))
    note(
      'untranslated',
      ['ci', 'upload'],
      `perfgate keeps each run on its baseline branch (perfgate-baselines) and uploads report.html as a workflow artifact; no report server or public storage (${DOCS})`,
    )
  if (ci.server !== undefined)
    note('untranslated', ['ci', 'server'], 'the LHCI server has no perfgate counterpart')
  return m
}

type Note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) => void

/** `ci.collect` → lighthousePlugin options; returns the static folder, which the bundle budgets need. */
function translateCollect(
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

function normalize(value: unknown): Assertion | null {
  const level = Array.isArray(value) ? value[0] : value
  if (level !== 'off' && level !== 'warn' && level !== 'error') return null
  const options = Array.isArray(value) && isRecord(value[1]) ? value[1] : {}
  return { level, options }
}

function translateAssert(
  assert: Record<string, unknown>,
  formFactor: FormFactor,
  staticDistDir: string | null,
  m: Migration,
  note: Note,
) {
  const preset = typeof assert.preset === 'string' ? assert.preset : null
  const own = isRecord(assert.assertions) ? assert.assertions : {}
  if (preset) {
    const metrics = PRESET_METRICS[preset]
    if (!metrics)
      note('untranslated', ['ci', 'assert', 'preset'], `"${preset}" is not a Lighthouse CI preset`)
    else {
      // Everything the preset asserts but the metrics: accessibility, SEO, best practices and audit scores.
      note(
        'untranslated',
        ['ci', 'assert', 'preset'],
        `${preset} asserts the scores of many audits (accessibility, best practices, SEO, performance diagnostics): perfgate has no per-audit score budget; failed performance audits are reported as lighthouse/<audit> findings`,
      )
      for (const [audit, level] of Object.entries(metrics)) {
        if (audit in own || level === 'off') continue
        translateOne(audit, { level, options: {} }, ['ci', 'assert', 'preset'], `${preset}: ${audit}`)
      }
    }
  }
  for (const key of ['assertMatrix', 'budgetsFile', 'budgetPath'])
    if (assert[key] !== undefined)
      note(
        'untranslated',
        ['ci', 'assert', key],
        key === 'assertMatrix'
          ? 'per-URL assertions: perfgate budgets are per metric id or glob (lighthouse/<page>/lcp); write them per page by hand'
          : 'Lighthouse budgets.json is not read; write its limits as budgets',
      )
  const defaultAggregation = typeof assert.aggregationMethod === 'string' ? assert.aggregationMethod : null
  if (defaultAggregation && defaultAggregation !== 'median')
    note(
      'notes',
      ['ci', 'assert', 'aggregationMethod'],
      `${defaultAggregation}: perfgate judges budgets on the median of the runs`,
    )
  for (const [key, value] of Object.entries(own)) {
    const path: KeyPath = ['ci', 'assert', 'assertions', key]
    const assertion = normalize(value)
    if (!assertion) {
      note('untranslated', path, `not an assertion (${JSON.stringify(value)})`)
      continue
    }
    if (assertion.level === 'off') continue
    // `minScore: 0` alone passes whatever the audit says: there is nothing to check.
    const opts = Object.keys(assertion.options).filter((k) => k !== 'aggregationMethod')
    if (opts.length === 1 && assertion.options.minScore === 0) continue
    translateOne(key, assertion, path, keyName(path))
  }

  function translateOne(key: string, a: Assertion, path: KeyPath, from: string) {
    const [audit, ...props] = key.split(/[:.]/).filter(Boolean)
    const opts = a.options
    const aggregation = typeof opts.aggregationMethod === 'string' ? opts.aggregationMethod : null
    const push = (line: Omit<BudgetLine, 'from' | 'disabled'>, how: string) => {
      addBudget(m, {
        ...line,
        from: `${from}${how ? ` (${how})` : ''}`,
        ...(a.level === 'warn' ? { disabled: 'warn in Lighthouse CI: a perfgate budget fails the run' } : {}),
      })
      if (aggregation && aggregation !== 'median')
        note(
          'notes',
          [...path, 'aggregationMethod'],
          `${aggregation}: perfgate judges budgets on the median of the runs`,
        )
    }
    if (audit === 'categories') {
      const category = props[0]
      if (category !== 'performance') {
        note('untranslated', path, `the ${category} category: perfgate measures performance only`)
        return
      }
      const minScore = typeof opts.minScore === 'number' ? opts.minScore : 0.9
      if (minScore > 0)
        push({ id: 'lighthouse/*/score', min: Math.round(minScore * 100) }, `minScore ${minScore}`)
      return
    }
    if (audit === 'resource-summary') {
      translateResource(props, opts, path, push)
      return
    }
    if (audit === 'network-requests' && typeof opts.maxLength === 'number') {
      push({ id: 'lighthouse/*/requests', max: opts.maxLength }, `maxLength ${opts.maxLength}`)
      return
    }
    const metric = METRIC_AUDITS[audit]
    if (metric) {
      const id = `lighthouse/*/${metric}`
      if (props.length > 0)
        note('untranslated', path, `the audit property ${props.join('.')} has no perfgate metric`)
      else if (typeof opts.maxNumericValue === 'number')
        push({ id, max: opts.maxNumericValue }, `maxNumericValue ${opts.maxNumericValue}`)
      else if (typeof opts.maxLength === 'number')
        note(
          'untranslated',
          path,
          'maxLength counts the audit’s detail rows; perfgate budgets the metric itself',
        )
      else {
        const minScore = typeof opts.minScore === 'number' ? opts.minScore : 0.9
        const limit = hasScoreCurve(audit) ? limitForScore(audit, formFactor, minScore) : null
        if (limit !== null)
          push(
            { id, max: roundLimit(metric, limit) },
            `minScore ${minScore} = ${roundLimit(metric, limit)} on Lighthouse's ${formFactor} scoring curve`,
          )
      }
      return
    }
    if (audit in GONE_METRICS) note('untranslated', path, `no perfgate metric: ${GONE_METRICS[audit]}`)
    else if (FINDING_AUDITS.has(audit))
      note(
        'untranslated',
        path,
        `no budget: perfgate reports a failed ${audit} as the warning finding lighthouse/${audit}`,
      )
    else note('untranslated', path, 'no perfgate metric or finding for this audit')
  }

  function translateResource(
    props: string[],
    opts: Record<string, unknown>,
    path: KeyPath,
    push: (line: Omit<BudgetLine, 'from' | 'disabled'>, how: string) => void,
  ) {
    const [type, what] = props
    const max = typeof opts.maxNumericValue === 'number' ? opts.maxNumericValue : null
    if (max === null) {
      note('untranslated', path, 'a resource-summary assertion without maxNumericValue')
      return
    }
    if (type === 'total' && what === 'size')
      return push({ id: 'lighthouse/*/bytes', max }, `maxNumericValue ${max}`)
    if (type === 'total' && what === 'count')
      return push({ id: 'lighthouse/*/requests', max }, `maxNumericValue ${max}`)
    if ((type === 'script' || type === 'stylesheet') && what === 'size') {
      if (!staticDistDir) {
        note(
          'untranslated',
          path,
          `perfgate's Lighthouse metrics have no per-type transfer size, and bundle/initial-${type === 'script' ? 'js' : 'css'} needs the built folder (staticDistDir)`,
        )
        return
      }
      m.bundle ??= { options: { dir: staticDistDir, compression: 'gzip' }, comments: [] }
      const id = `bundle/initial-${type === 'script' ? 'js' : 'css'}/gzip`
      push({ id, max }, `maxNumericValue ${max}`)
      note(
        'notes',
        path,
        `as ${id}: the ${type === 'script' ? 'JavaScript' : 'CSS'} the built HTML loads before any interaction, gzip -9 (Lighthouse CI summed what the page transferred, lazy chunks included)`,
      )
      return
    }
    note('untranslated', path, `no perfgate metric for the ${type ?? '?'} ${what ?? '?'} of a page`)
  }
}

/** ms and bytes as integers, CLS to three decimals. */
function roundLimit(metric: string, value: number): number {
  return metric === 'cls' ? Math.floor(value * 1000) / 1000 : Math.floor(value)
}
