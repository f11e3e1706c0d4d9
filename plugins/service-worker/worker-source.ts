import { walkAst } from '../../core/toolkit/ast.js'
import { PerfgateError } from '../../core/toolkit/index.js'

/** One precache manifest entry as the worker holds it. */
export interface PrecacheEntry {
  url: string
  revision: string | null
}

/** One `registerRoute()` with a strategy. */
export interface RouteFact {
  /** `CacheFirst`, …; null when the handler is not a recognisable Workbox strategy (a function, a renamed class). */
  strategy: string | null
  method: string
  cacheName: string | null
  networkTimeoutSeconds: number | null
  expiration: boolean
  /** The matcher's source text, shortened, for messages. */
  matcher: string
  line: number
}

export interface NavigationFact {
  /** The URL `createHandlerBoundToURL()` serves; null when the handler is something else. */
  fallback: string | null
  /** null when the NavigationRoute has no denylist at all. */
  denylist: RegExp[] | null
  line: number
}

/** What perfgate reads from a worker's source: its precache manifest, runtime routes and imports. */
export interface WorkerFacts {
  /** The worker uses Workbox (precacheAndRoute, registerRoute or an imported workbox runtime). */
  workbox: boolean
  /** The injected manifest; null when there is no precacheAndRoute([...]). */
  manifest: PrecacheEntry[] | null
  /** `self.__WB_MANIFEST` was left in place: injectManifest never ran on this file. */
  placeholder: boolean
  routes: RouteFact[]
  navigation: NavigationFact | null
  /** Scripts the worker imports (importScripts, the AMD `define([...])` of generateSW), as written. */
  imports: string[]
}

const STRATEGY_NAMES = new Set([
  'CacheFirst',
  'CacheOnly',
  'NetworkFirst',
  'NetworkOnly',
  'StaleWhileRevalidate',
])

// The subset of ESTree the reader looks at; everything else is walked generically.
interface Node {
  type: string
  loc?: { start: { line: number } }
  start: number
  end: number
  [key: string]: unknown
}

/** Parses a worker's source with acorn and collects what the checks need; throws INPUT_INVALID when it is not JS. */
export async function readWorkerSource(source: string, file: string): Promise<WorkerFacts> {
  const acorn = await import('acorn')
  let ast: Node
  try {
    ast = parseEither(acorn, source)
  } catch (error) {
    throw new PerfgateError('INPUT_INVALID', `${file} is not valid JavaScript: ${(error as Error).message}`, {
      cause: error,
      hint: 'Point swDest at the built worker file (e.g. "sw.js"), not at a template or another file.',
    })
  }
  const facts: WorkerFacts = {
    workbox: false,
    manifest: null,
    placeholder: false,
    routes: [],
    navigation: null,
    imports: [],
  }
  walkAst<Node>(ast, (node) => {
    if (node.type === 'CallExpression') onCall(node, facts, source)
  })
  facts.workbox ||=
    facts.manifest !== null ||
    facts.placeholder ||
    facts.imports.some((i) => /(^|\/)workbox-[\w.-]+(\.js)?$/.test(i))
  return facts
}

function parseEither(acorn: typeof import('acorn'), source: string): Node {
  const options = { ecmaVersion: 'latest' as const, locations: true, allowHashBang: true }
  try {
    return acorn.parse(source, { ...options, sourceType: 'script' }) as unknown as Node
  } catch {
    return acorn.parse(source, { ...options, sourceType: 'module' }) as unknown as Node
  }
}

/** `foo(…)`, `a.foo(…)`, `a["foo"](…)` → `foo`. */
function nameOf(callee: unknown): string | null {
  const node = callee as Node | undefined
  if (!node) return null
  if (node.type === 'Identifier') return node.name as string
  if (node.type === 'MemberExpression') {
    const property = node.property as Node
    if (!node.computed && property.type === 'Identifier') return property.name as string
    if (property.type === 'Literal' && typeof property.value === 'string') return property.value
  }
  // `(0, workbox.registerRoute)(…)`, as bundlers write imported calls.
  if (node.type === 'SequenceExpression') {
    const list = node.expressions as Node[]
    return nameOf(list[list.length - 1])
  }
  return null
}

function stringOf(node: unknown): string | null {
  const n = node as Node | undefined
  if (n?.type === 'Literal' && typeof n.value === 'string') return n.value
  if (n?.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0)
    return ((n.quasis as Node[])[0].value as { cooked: string }).cooked
  return null
}

function onCall(node: Node, facts: WorkerFacts, source: string): void {
  const name = nameOf(node.callee)
  const args = node.arguments as Node[]
  switch (name) {
    case 'precacheAndRoute':
    case 'precache': {
      facts.workbox = true
      const list = args[0]
      if (list?.type === 'ArrayExpression') facts.manifest = [...(facts.manifest ?? []), ...entriesOf(list)]
      else if (list && /__WB_MANIFEST/.test(source.slice(list.start, list.end))) facts.placeholder = true
      break
    }
    case 'registerRoute':
      facts.workbox = true
      onRoute(args, node, facts, source)
      break
    case 'importScripts':
      for (const arg of args) {
        const url = stringOf(arg)
        if (url) facts.imports.push(url)
      }
      break
    case 'define': {
      const deps = args[0]
      if (deps?.type === 'ArrayExpression')
        for (const dep of deps.elements as Node[]) {
          const url = stringOf(dep)
          if (url && url !== 'require' && url !== 'exports' && url !== 'module')
            facts.imports.push(/\.m?js$/.test(url) ? url : `${url}.js`)
        }
      break
    }
  }
}

function entriesOf(list: Node): PrecacheEntry[] {
  const entries: PrecacheEntry[] = []
  for (const element of list.elements as Node[]) {
    const bare = stringOf(element)
    if (bare !== null) {
      entries.push({ url: bare, revision: null })
      continue
    }
    if (element?.type !== 'ObjectExpression') continue
    const props = propsOf(element)
    const url = stringOf(props.url)
    if (url === null) continue
    const revision = stringOf(props.revision)
    entries.push({ url, revision })
  }
  return entries
}

function propsOf(object: Node): Record<string, Node> {
  const props: Record<string, Node> = {}
  for (const prop of object.properties as Node[]) {
    if (prop.type !== 'Property') continue
    const key = prop.key as Node
    const name = key.type === 'Identifier' ? (key.name as string) : stringOf(key)
    if (name) props[name] = prop.value as Node
  }
  return props
}

function onRoute(args: Node[], call: Node, facts: WorkerFacts, source: string): void {
  let [matcher, handler, method] = args
  const line = call.loc?.start.line ?? 1
  // registerRoute(new Route(matcher, handler, method)) / new RegExpRoute(…)
  if (matcher?.type === 'NewExpression' && ['Route', 'RegExpRoute'].includes(nameOf(matcher.callee) ?? '')) {
    ;[matcher, handler, method] = matcher.arguments as Node[]
  }
  if (matcher?.type === 'NewExpression' && nameOf(matcher.callee) === 'NavigationRoute') {
    const [target, options] = matcher.arguments as Node[]
    let fallback: string | null = null
    if (target?.type === 'CallExpression' && nameOf(target.callee) === 'createHandlerBoundToURL')
      fallback = stringOf((target.arguments as Node[])[0])
    const denyNode = options?.type === 'ObjectExpression' ? propsOf(options).denylist : undefined
    facts.navigation = { fallback, denylist: denyNode ? regexpsOf(denyNode) : null, line }
    return
  }
  const route: RouteFact = {
    strategy: null,
    method: stringOf(method)?.toUpperCase() ?? 'GET',
    cacheName: null,
    networkTimeoutSeconds: null,
    expiration: false,
    matcher: shorten(matcher ? source.slice(matcher.start, matcher.end) : ''),
    line,
  }
  if (handler?.type === 'NewExpression') {
    const strategy = nameOf(handler.callee)
    route.strategy = strategy && STRATEGY_NAMES.has(strategy) ? strategy : null
    const options = (handler.arguments as Node[])[0]
    if (options?.type === 'ObjectExpression') {
      const props = propsOf(options)
      route.cacheName = stringOf(props.cacheName)
      const timeout = props.networkTimeoutSeconds
      if (timeout?.type === 'Literal' && typeof timeout.value === 'number')
        route.networkTimeoutSeconds = timeout.value
      const plugins = props.plugins
      if (plugins?.type === 'ArrayExpression')
        route.expiration = (plugins.elements as Node[]).some(
          (p) => p?.type === 'NewExpression' && nameOf(p.callee) === 'ExpirationPlugin',
        )
    }
  }
  facts.routes.push(route)
}

function regexpsOf(node: Node): RegExp[] {
  if (node.type !== 'ArrayExpression') return []
  const out: RegExp[] = []
  for (const element of node.elements as Node[]) {
    try {
      const literal = element?.regex as { pattern: string; flags: string } | undefined
      if (literal) out.push(new RegExp(literal.pattern, literal.flags))
      else if (element?.type === 'NewExpression' && nameOf(element.callee) === 'RegExp') {
        const [pattern, flags] = element.arguments as Node[]
        const text = stringOf(pattern)
        if (text !== null) out.push(new RegExp(text, stringOf(flags) ?? ''))
      }
    } catch {
      // A pattern this Node cannot compile is skipped: the denylist check then under-reports.
    }
  }
  return out
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat
}
