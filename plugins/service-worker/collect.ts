import { readFile, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import type { FindingInput, MetricInput, PluginContext, PluginOutput } from '../../core/model/types.js'
import { htmlReferences } from '../../core/toolkit/html.js'
import { cacheDirOption, PerfgateError } from '../../core/toolkit/index.js'
import { brotliTotal, fileOfUrl, openSizeCache, sizeEntries, workerFiles } from './files.js'
import { precacheFindings, routeFindings } from './findings.js'
import { checkLiveHeaders, checkServerConfig, type HeaderTarget } from './headers.js'
import type { ResolvedServiceWorkerOptions } from './options.js'
import type { ServiceWorkerData } from './update-cost.js'
import { type Globbing, generateWorker, listGlobbed } from './workbox.js'
import { readWorkerSource } from './worker-source.js'

/** Generates (or, in check mode, reads) the worker of a built folder and measures its precache. */
export async function collectServiceWorker(
  options: ResolvedServiceWorkerOptions,
  ctx: PluginContext,
): Promise<PluginOutput> {
  const dir = resolve(ctx.cwd, options.dir)
  const dirLabel = relative(ctx.cwd, dir) || '.'
  const workerFile = relative(ctx.cwd, join(dir, options.swDest))
  if (!(await stat(dir).catch(() => null))?.isDirectory())
    return {
      findings: [
        {
          ruleId: 'service-worker/no-build',
          severity: 'error',
          message: `The built folder ${dirLabel}/ does not exist, so there is no service worker to ${options.mode === 'generate' ? 'generate' : 'check'}.`,
          help: 'Build the app before perfgate runs (e.g. `vite build`), or set `dir` to the build output folder.',
        },
      ],
    }

  let globbing: Globbing
  if (options.mode === 'generate') {
    ctx.progress.update(`generating ${workerFile} with Workbox`)
    globbing = await generateWorker(options, dir)
  } else {
    if (!(await stat(join(dir, options.swDest)).catch(() => null))?.isFile())
      return {
        findings: [
          {
            ruleId: 'service-worker/worker-missing',
            severity: 'error',
            message: `Check mode: ${workerFile} does not exist.`,
            help: 'Generate the worker in the build (perfgate/vite, vite-plugin-pwa, workbox-cli), set `swDest` to its file name, or use mode "generate".',
          },
        ],
      }
    ctx.progress.update(`reading ${workerFile}`)
    globbing = await listGlobbed(options, dir)
  }
  for (const warning of globbing.warnings) ctx.logger.warn(`Workbox: ${warning}`)
  ctx.signal.throwIfAborted()

  const source = await readFile(join(dir, options.swDest), 'utf8')
  const facts = await readWorkerSource(source, workerFile).catch((error: Error) => error)
  if (facts instanceof Error || !facts.workbox)
    return {
      findings: [
        {
          ruleId: 'service-worker/not-workbox',
          severity: 'error',
          message:
            facts instanceof Error
              ? `${facts.message}: it is not a Workbox worker, and perfgate cannot read its precache.`
              : `${workerFile} is not a Workbox worker (no precacheAndRoute, registerRoute or workbox runtime import): perfgate cannot read its precache.`,
          file: workerFile,
          help: 'Check mode reads workers built by Workbox (generateSW, injectManifest, vite-plugin-pwa); use mode "generate" to let perfgate write one.',
        },
      ],
    }

  const findings: FindingInput[] = []
  if (facts.placeholder)
    findings.push({
      ruleId: 'service-worker/manifest-not-injected',
      severity: 'error',
      message: `${workerFile} still holds self.__WB_MANIFEST: the precache manifest was never injected, so nothing is precached.`,
      file: workerFile,
      help: 'Run injectManifest on the built worker (swSrc → swDest), and point swDest at its output.',
    })
  const entries = await sizeEntries(dir, facts.manifest ?? [])
  const worker = await workerFiles(dir, options.swDest, facts.imports)
  const critical = await criticalFiles(dir, options, globbing, entries)
  const analysis = { options, dirLabel, workerFile, facts, entries, globbing, critical }
  findings.push(...precacheFindings(analysis), ...routeFindings(analysis))
  findings.push(...(await headerFindings(options, dir, ctx, entries)))

  const present = entries.flatMap((e) => (e.file !== null && e.size !== null ? [e.file] : []))
  const bytes = entries.reduce((sum, e) => sum + (e.size ?? 0), 0)
  const metrics: MetricInput[] = [
    count('service-worker/precache/entries', 'Precache entries', entries.length),
    size('service-worker/precache/bytes', 'Precache size (raw)', bytes),
  ]
  if (options.brotli) {
    ctx.progress.update(`brotli -11 of ${present.length} precached files`)
    const cache = await openSizeCache(cacheDirOption(options.cache, ctx.cwd))
    const brotli = await brotliTotal(dir, present, cache.sizes, ctx.signal)
    await cache.save()
    // `served`: images and WOFF2 at their raw size; a baseline that compressed every file is not compared.
    metrics.push({
      ...size('service-worker/precache/brotli', 'Precache size (brotli -11)', brotli),
      method: 'served',
    })
  }
  metrics.push(
    {
      ...count(
        'service-worker/routes',
        'Runtime routes (navigation fallback included)',
        facts.routes.length + (facts.navigation ? 1 : 0),
      ),
      role: 'detail',
    },
    {
      ...size(
        'service-worker/worker/bytes',
        'Worker files (script and imports)',
        worker.reduce((s, w) => s + w.size, 0),
      ),
      role: 'detail',
    },
  )
  const data: ServiceWorkerData = {
    version: 1,
    manifest: entries.map((e) => ({ url: e.url, revision: e.revision, size: e.size })),
    worker,
    ...(options.brotli ? { sizing: 'served' as const } : {}),
  }
  return { metrics, findings, data: data as unknown as Record<string, unknown> }
}

function count(id: string, title: string, value: number): MetricInput {
  return { id, title, unit: 'count', better: 'lower', value, timing: false }
}

function size(id: string, title: string, value: number): MetricInput {
  return { id, title, unit: 'bytes', better: 'lower', value, timing: false }
}

// What a page fetches at start besides its scripts (icons, prefetches, canonical links are not needed to start).
const START_RELS = ['stylesheet', 'modulepreload', 'preload']

/** The fallback page and what the site's HTML pages load at start (scripts, styles, preloads). */
async function criticalFiles(
  dir: string,
  options: ResolvedServiceWorkerOptions,
  globbing: Globbing,
  entries: Array<{ file: string | null }>,
): Promise<Set<string>> {
  const critical = new Set<string>()
  if (options.navigateFallback) critical.add(options.navigateFallback.replace(/^\/+/, ''))
  const pages = new Set(
    [...globbing.globbed.map((g) => g.url), ...entries.flatMap((e) => (e.file ? [e.file] : []))].filter((f) =>
      /\.html?$/i.test(f),
    ),
  )
  for (const page of pages) {
    const html = await readFile(join(dir, page), 'utf8').catch(() => '')
    for (const { tag, url, rel } of await htmlReferences(html)) {
      if (tag !== 'script' && !rel.some((r) => START_RELS.includes(r))) continue
      const file = fileOfUrl(url.startsWith('/') ? url : join(page, '..', url))
      if (file) critical.add(file)
    }
  }
  return critical
}

/** The files that must revalidate on each visit: the worker, the fallback page (and `/`), the web manifest. */
async function headerTargets(
  options: ResolvedServiceWorkerOptions,
  dir: string,
  entries: Array<{ url: string }>,
): Promise<HeaderTarget[]> {
  const targets: HeaderTarget[] = [
    { path: `/${options.swDest}`, what: 'the service worker', severity: 'error' },
  ]
  const fallback = options.navigateFallback ?? 'index.html'
  targets.push({ path: `/${fallback.replace(/^\/+/, '')}`, what: 'the app shell', severity: 'warning' })
  if (fallback === 'index.html') targets.push({ path: '/', what: 'the app shell', severity: 'warning' })
  const html = await readFile(join(dir, fallback), 'utf8').catch(() => '')
  const linked = (await htmlReferences(html)).find((r) => r.tag === 'link' && r.rel.includes('manifest'))?.url
  const manifest =
    (linked && fileOfUrl(linked)) ??
    entries.map((e) => e.url).find((u) => /(\.webmanifest|manifest\.json)$/.test(u))
  if (manifest) targets.push({ path: `/${manifest}`, what: 'the web manifest', severity: 'warning' })
  return targets
}

async function headerFindings(
  options: ResolvedServiceWorkerOptions,
  dir: string,
  ctx: PluginContext,
  entries: Array<{ url: string }>,
): Promise<FindingInput[]> {
  const targets = await headerTargets(options, dir, entries)
  const limit = options.maxAgeSeconds
  const findings: FindingInput[] = []
  // The built folder's own `_headers` (copied from public/) when there is one, then the configs named.
  const local = join(dir, '_headers')
  for (const path of [local, ...options.serverConfigs.map((p) => resolve(ctx.cwd, p))]) {
    const found = await checkServerConfig(path, relative(ctx.cwd, path), targets, limit)
    if (found) findings.push(...found)
    else if (path !== local)
      throw new PerfgateError('CONFIG_INVALID', `serverConfigs: cannot read ${path}.`, {
        hint: 'Give paths relative to the config file of nginx configs or `_headers` files that exist.',
      })
  }
  if (options.url) findings.push(...(await checkLiveHeaders(options.url, targets, limit, ctx.signal)))
  return findings
}
