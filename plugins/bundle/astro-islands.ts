import { readFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { type AstNode, propertyValue, stringPropertyValue, walkAst } from '../../core/toolkit/ast.js'
import { staticImports } from './initial.js'
import type { ViteManifest } from './routes.js'

// Which islands a page of an Astro server build renders, read from its server chunks with a parser, never
// run. Rollup may put several pages in one chunk (`chunks/pages/index_<hash>.mjs` holds every
// `index.astro`), so the walk follows symbols, not files: the page's entry loads its module with
// `import('./pages/index_<hash>.mjs').then((n) => n.a)`; export `a` is a namespace object whose `default`
// is the page's component, `const $$Index = createComponent(…)`. Inside a component, an island is a
// `renderComponent(…, { "client:component-path": …, "client:component-hydration": "load" })`, and every
// other `renderComponent(…, Component, …)` (a layout, a child `.astro` component) is followed to where
// `Component` is defined: in the same chunk, or through an import into another. An island rendered only
// under a condition is counted as if rendered.

/**
 * Islands whose scripts a first load fetches without any interaction: `client:load` and `client:only` at
 * once, `client:idle` at the first idle moment; `client:visible` and `client:media` wait, like `import()`.
 */
export const EAGER_HYDRATION = new Set(['load', 'idle', 'only'])

/** The browser files `entries` name, each with its static imports, transitively, as manifest chunks. */
export async function importGraph(dir: string, entries: string[], files: Set<string>): Promise<ViteManifest> {
  const manifest: ViteManifest = {}
  const queue = [...entries]
  while (queue.length > 0) {
    const file = queue.shift() as string
    if (manifest[file]) continue
    const imports = /\.m?js$/i.test(file)
      ? await staticImports(await readFile(join(dir, file), 'utf8'), file, files)
      : []
    manifest[file] = { file, imports }
    queue.push(...imports)
  }
  return manifest
}

export interface Island {
  /** The component's path as Astro writes it (absolute, without the extension), an `entryModules` key. */
  path: string
  /** `load`, `idle`, `visible`, `media` or `only`. */
  hydration: string
  /** `client:only="react"`: the renderer it names. */
  only?: string
}

interface ServerModule {
  /** Top-level `const x = …` initialisers by name. */
  bindings: Map<string, AstNode>
  /** Local names imported from relative modules: the module (resolved) and the name it exports. */
  imports: Map<string, { file: string; name: string }>
  /** Exported names → local names. */
  exports: Map<string, string>
  /** Relative `import('…')`s with the property the page's entry reads off the module (`.then((n) => n.a)`). */
  entries: Array<{ file: string; name: string | null }>
  ast: AstNode
}

/** The islands of the page whose server entry is `chunk` (a path in the server folder), memoised per module. */
export function islandReader(server: string): (chunk: string) => Promise<Island[]> {
  // acorn, loaded once for all the modules a build has.
  const parser = import('acorn')
  const modules = new Map<string, Promise<ServerModule | null>>()
  const walked = new Map<string, ReturnType<typeof componentsIn>>()
  const load = (file: string) => {
    let found = modules.get(file)
    if (!found) {
      found = parser.then(({ parse }) => parseModule(server, file, parse))
      modules.set(file, found)
    }
    return found
  }
  return async (chunk) => {
    const entry = await load(chunk)
    if (!entry) return []
    const islands: Island[] = []
    const seen = new Set<string>()
    // A symbol: a module and one of its local names; null: the whole module (no page export found).
    const queue: Array<{ file: string; local: string | null }> = []
    for (const { file, name } of entry.entries) {
      const page = await load(file)
      const local = name !== null ? page?.exports.get(name) : undefined
      queue.push({ file, local: (local && page && namespaceDefault(page, local)) || null })
    }
    if (entry.entries.length === 0) queue.push({ file: chunk, local: entry.exports.get('default') ?? null })
    while (queue.length > 0) {
      const { file, local } = queue.shift() as { file: string; local: string | null }
      const key = `${file}#${local ?? '*'}`
      if (seen.has(key)) continue
      seen.add(key)
      const mod = await load(file)
      const node = local === null ? mod?.ast : mod?.bindings.get(local)
      if (!mod || !node) continue
      // A layout is rendered by most pages: its walk is done once.
      let rendered = walked.get(key)
      if (!rendered) {
        rendered = componentsIn(node)
        walked.set(key, rendered)
      }
      for (const found of rendered) {
        if ('island' in found) islands.push(found.island)
        else if (mod.bindings.has(found.name)) queue.push({ file, local: found.name })
        else {
          const imported = mod.imports.get(found.name)
          const other = imported ? await load(imported.file) : null
          const exported = imported && other?.exports.get(imported.name)
          if (imported && exported) queue.push({ file: imported.file, local: exported })
        }
      }
    }
    return islands
  }
}

/**
 * A page module's export: a namespace object `{ default: $$Index, … }` (the component's local name is its
 * `default`), or the component itself (`createComponent(…)`).
 */
function namespaceDefault(mod: ServerModule, local: string): string | undefined {
  const init = mod.bindings.get(local)
  if (!init) return undefined
  if (init.type === 'CallExpression' && (init.callee as AstNode).name === 'createComponent') return local
  let name: string | undefined
  walkAst(init, (node) => {
    if (name === undefined && node.type === 'ObjectExpression') {
      const value = propertyValue(node, 'default')
      if (value?.type === 'Identifier') name = value.name as string
    }
  })
  return name
}

/** The islands a component renders and the other components it renders (by local name). */
function componentsIn(node: AstNode): Array<{ island: Island } | { name: string }> {
  const found: Array<{ island: Island } | { name: string }> = []
  walkAst(node, (n) => {
    if (n.type === 'ObjectExpression') {
      const path = stringPropertyValue(n, 'client:component-path')
      const hydration = stringPropertyValue(n, 'client:component-hydration')
      const only = stringPropertyValue(n, 'client:only')
      if (path && hydration) found.push({ island: { path, hydration, ...(only ? { only } : {}) } })
    }
    if (n.type !== 'CallExpression' || (n.callee as AstNode).name !== 'renderComponent') return
    const component = (n.arguments as AstNode[])[2]
    if (component?.type === 'Identifier') found.push({ name: component.name as string })
  })
  return found
}

async function parseModule(
  server: string,
  file: string,
  parse: typeof import('acorn').parse,
): Promise<ServerModule | null> {
  let text: string
  try {
    text = await readFile(join(server, file), 'utf8')
  } catch {
    return null
  }
  let ast: AstNode
  try {
    ast = parse(text, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode
  } catch {
    return null
  }
  const resolve = (spec: string) => posix.normalize(posix.join(posix.dirname(file), spec))
  const mod: ServerModule = { bindings: new Map(), imports: new Map(), exports: new Map(), entries: [], ast }
  for (const statement of ast.body as AstNode[]) {
    const source = (statement.source as AstNode | null | undefined)?.value
    if (statement.type === 'ImportDeclaration' && typeof source === 'string' && source.startsWith('.'))
      for (const s of statement.specifiers as AstNode[]) {
        const local = (s.local as AstNode).name as string
        const name = s.type === 'ImportSpecifier' ? keyOf(s.imported as AstNode) : 'default'
        mod.imports.set(local, { file: resolve(source), name })
      }
    if (statement.type === 'VariableDeclaration')
      for (const d of statement.declarations as AstNode[])
        if ((d.id as AstNode).type === 'Identifier' && d.init)
          mod.bindings.set((d.id as AstNode).name as string, d.init as AstNode)
    if (statement.type === 'FunctionDeclaration' && statement.id)
      mod.bindings.set((statement.id as AstNode).name as string, statement)
    if (statement.type === 'ExportNamedDeclaration' && !statement.source)
      for (const s of statement.specifiers as AstNode[])
        mod.exports.set(keyOf(s.exported as AstNode), keyOf(s.local as AstNode))
  }
  // The page's entry: `const page = () => import('./pages/x.mjs').then((n) => n.a)`, a top-level arrow.
  const arrows = [...mod.bindings.values()].filter((init) => init.type === 'ArrowFunctionExpression')
  walkAst(arrows, (node) => {
    if (node.type !== 'CallExpression') return
    const callee = node.callee as AstNode
    const target = callee.type === 'MemberExpression' ? (callee.object as AstNode) : undefined
    if (target?.type !== 'ImportExpression' || keyOf(callee.property as AstNode) !== 'then') return
    const spec = (target.source as AstNode).value
    if (typeof spec !== 'string' || !spec.startsWith('.')) return
    const arrow = (node.arguments as AstNode[])[0]
    const body = arrow?.body as AstNode | undefined
    const name = body?.type === 'MemberExpression' && !body.computed ? keyOf(body.property as AstNode) : null
    mod.entries.push({ file: resolve(spec), name })
  })
  return mod
}

function keyOf(node: AstNode): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value)
}
