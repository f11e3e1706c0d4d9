import { extname } from 'node:path'
import type { SourceRange } from '../rule.js'
import type { DataPath } from './data.js'

/** What an options object found in a JS/TS file configures. */
export type ScriptCall = 'pino' | 'winston' | 'winston-transport' | 'export'

/** A literal options object of a JS/TS file, with positions; only literals are values. */
export interface ScriptDocument {
  format: 'script'
  file: string
  call: ScriptCall
  /** A winston transport's class: `File`, `DailyRotateFile`, `Console`, … */
  transport?: string
  /**
   * The object as plain data. Anything computed (identifiers, calls, `process.env.X`, templates with
   * expressions) is `undefined`, an array holding anything computed is `undefined` as a whole, and an
   * object with a spread or a computed key is marked {@link isPartial} (keys may be missing).
   */
  value: unknown
  locate(path: DataPath, key?: boolean): SourceRange
  /** For `expr ?? 'literal'` (or `||`), taken as its literal: the source of `expr`. */
  fallbackOf(path: DataPath): string | undefined
}

export class ScriptSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'ScriptSyntaxError'
  }
}

const PARTIAL = Symbol('perfgate.partial')

/** An object of a script document whose keys may not all be known (a spread, a computed key). */
export function isPartial(object: object): boolean {
  return PARTIAL in object
}

/** An ESTree node (acorn's, or @babel/parser's with the estree plugin). */
interface Node {
  type: string
  start: number
  end: number
  loc: { start: { line: number; column: number }; end: { line: number; column: number } }
  [key: string]: unknown
}

// Imported on first use and kept (start-up stays fast; one resolution per run).
let acornModule: Promise<typeof import('acorn')> | undefined
let babelModule: Promise<typeof import('@babel/parser')> | undefined

/** Parses a JS/TS file (acorn; TypeScript through @babel/parser) and finds logger options objects. */
export async function parseScript(text: string, file: string): Promise<ScriptDocument[]> {
  const ts = /^\.[mc]?ts$/i.test(extname(file))
  let ast: Node
  try {
    ast = ts ? await parseTs(text) : await parseJs(text)
  } catch (error) {
    if (error instanceof ScriptSyntaxError) throw error
    const loc = (error as { loc?: { line: number; column: number } }).loc
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '')
    throw new ScriptSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1)
  }
  return findOptions(ast, text, file)
}

async function parseJs(text: string): Promise<Node> {
  acornModule ??= import('acorn')
  const acorn = await acornModule
  const options = { ecmaVersion: 'latest' as const, locations: true, allowHashBang: true }
  try {
    return acorn.parse(text, { ...options, sourceType: 'module' }) as unknown as Node
  } catch (error) {
    // CommonJS that is not a valid module (`with`, octal literals, …); else the module's error.
    try {
      return acorn.parse(text, { ...options, sourceType: 'script' }) as unknown as Node
    } catch {
      throw error
    }
  }
}

async function parseTs(text: string): Promise<Node> {
  babelModule ??= import('@babel/parser')
  const babel = await babelModule.catch(() => {
    babelModule = undefined
    throw new ScriptSyntaxError('TypeScript needs @babel/parser, which is not installed', 1, 1)
  })
  const file = babel.parse(text, { sourceType: 'module', plugins: ['typescript', 'estree'] })
  return file.program as unknown as Node
}

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
])
const unwrap = (node: Node): Node => (WRAPPERS.has(node.type) ? unwrap(node.expression as Node) : node)
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit)
  else if (isNode(node)) {
    visit(node)
    for (const [key, child] of Object.entries(node))
      if (key !== 'loc' && key !== 'range' && typeof child === 'object') walk(child, visit)
  }
}

const nameOf = (node: unknown): string | undefined => {
  if (!isNode(node)) return undefined
  if (node.type === 'Identifier') return node.name as string
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  return undefined
}

/** `a.b.c` of a member expression (identifiers only), or undefined. */
function dotted(node: Node): string[] | undefined {
  node = unwrap(node)
  if (node.type === 'Identifier') return [node.name as string]
  if (node.type !== 'MemberExpression' || node.computed) return undefined
  const object = dotted(node.object as Node)
  const property = nameOf(node.property)
  return object && property ? [...object, property] : undefined
}

const requireOf = (node: unknown): string | undefined => {
  if (!isNode(node) || node.type !== 'CallExpression') return undefined
  const args = node.arguments as Node[]
  return nameOf(node.callee) === 'require' && args[0]?.type === 'Literal' ? String(args[0].value) : undefined
}

function findOptions(ast: Node, text: string, file: string): ScriptDocument[] {
  // Local names bound to the modules: `import pino from 'pino'`, `const { createLogger } = require('winston')`.
  const names = {
    pino: new Set(['pino']),
    winston: new Set(['winston']),
    createLogger: new Set<string>(),
    transports: new Set<string>(),
    dailyRotate: new Set(['DailyRotateFile']),
  }
  const objects = new Map<string, Node>()
  const bind = (module: string, imported: string, local: string) => {
    if (module === 'pino' && ['default', 'pino', '*'].includes(imported)) names.pino.add(local)
    if (module === 'winston') {
      if (imported === 'default' || imported === '*') names.winston.add(local)
      if (imported === 'createLogger') names.createLogger.add(local)
      if (imported === 'transports') names.transports.add(local)
    }
    if (module === 'winston-daily-rotate-file') names.dailyRotate.add(local)
  }
  walk(ast, (node) => {
    if (node.type === 'ImportDeclaration') {
      const module = String((node.source as Node).value)
      for (const s of node.specifiers as Node[]) {
        const local = nameOf(s.local) ?? ''
        if (s.type === 'ImportSpecifier') bind(module, nameOf(s.imported) ?? '', local)
        else bind(module, s.type === 'ImportNamespaceSpecifier' ? '*' : 'default', local)
      }
    } else if (node.type === 'VariableDeclarator' && isNode(node.init)) {
      const init = unwrap(node.init)
      const module = requireOf(init)
      const id = node.id as Node
      if (module && id.type === 'Identifier') bind(module, 'default', id.name as string)
      else if (module && id.type === 'ObjectPattern')
        for (const p of id.properties as Node[])
          if (p.type === 'Property') bind(module, nameOf(p.key) ?? '', nameOf(p.value) ?? '')
      if (init.type === 'ObjectExpression' && id.type === 'Identifier' && !objects.has(id.name as string))
        objects.set(id.name as string, init)
    }
  })
  const docs: ScriptDocument[] = []
  const seen = new Set<Node>()
  const add = (call: ScriptCall, arg: unknown, transport?: string) => {
    if (!isNode(arg)) return
    let node = unwrap(arg)
    if (node.type === 'Identifier') node = objects.get(node.name as string) ?? node
    if (node.type !== 'ObjectExpression' || seen.has(node)) return
    seen.add(node)
    docs.push(toDocument(node, call, transport, text, file))
  }
  walk(ast, (node) => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = unwrap(node.callee as Node)
      const path = dotted(callee)
      const first = (node.arguments as Node[])[0]
      const last = path?.at(-1) ?? ''
      if (node.type === 'CallExpression') {
        const pino =
          requireOf(callee) === 'pino' ||
          (path?.length === 1 && names.pino.has(path[0])) ||
          (path?.length === 2 && names.pino.has(path[0]) && ['default', 'pino'].includes(path[1]))
        if (pino) add('pino', first)
        else if (
          (path?.length === 1 && names.createLogger.has(path[0])) ||
          (path?.length === 2 && names.winston.has(path[0]) && path[1] === 'createLogger')
        )
          add('winston', first)
      } else if (
        (path?.length === 3 && names.winston.has(path[0]) && path[1] === 'transports') ||
        (path?.length === 2 && names.transports.has(path[0]))
      )
        add('winston-transport', first, last)
      else if (path?.length === 1 && names.dailyRotate.has(path[0]))
        add('winston-transport', first, 'DailyRotateFile')
    } else if (node.type === 'ExportDefaultDeclaration') add('export', node.declaration)
    else if (node.type === 'ExportNamedDeclaration' && isNode(node.declaration))
      for (const d of ((node.declaration as Node).declarations as Node[] | undefined) ?? [])
        add('export', d.init)
    else if (node.type === 'AssignmentExpression') {
      const target = dotted(node.left as Node)
      if (target?.[0] === 'module' && target[1] === 'exports') add('export', node.right)
      else if (target?.[0] === 'exports' && target.length === 2) add('export', node.right)
    }
  })
  return docs
}

const UNKNOWN = Symbol('unknown')

function toDocument(
  object: Node,
  call: ScriptCall,
  transport: string | undefined,
  text: string,
  file: string,
): ScriptDocument {
  const toRange = (node: Node): SourceRange => ({
    file,
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  })
  const places = new Map<string, { key?: SourceRange; value: SourceRange }>()
  const fallbacks = new Map<string, string>()
  const convert = (raw: Node, path: DataPath): unknown => {
    const node = unwrap(raw)
    const id = JSON.stringify(path)
    places.set(id, { ...places.get(id), value: toRange(node) })
    switch (node.type) {
      case 'Literal':
        return node.regex || node.bigint !== undefined ? UNKNOWN : node.value
      case 'TemplateLiteral':
        return (node.expressions as Node[]).length === 0
          ? ((node.quasis as Node[])[0].value as { cooked: string }).cooked
          : UNKNOWN
      case 'UnaryExpression': {
        const arg = unwrap(node.argument as Node)
        return node.operator === '-' && arg.type === 'Literal' && typeof arg.value === 'number'
          ? -arg.value
          : UNKNOWN
      }
      case 'LogicalExpression': {
        // `process.env.LOG_LEVEL ?? 'debug'`: the literal is what runs when the expression is unset.
        const right = unwrap(node.right as Node)
        if ((node.operator !== '??' && node.operator !== '||') || right.type !== 'Literal') return UNKNOWN
        const left = node.left as Node
        fallbacks.set(id, text.slice(left.start, left.end))
        return right.value
      }
      case 'ArrayExpression': {
        const items = (node.elements as (Node | null)[]).map((e, i) =>
          e && e.type !== 'SpreadElement' ? convert(e, [...path, i]) : UNKNOWN,
        )
        return items.includes(UNKNOWN) ? UNKNOWN : items
      }
      case 'ObjectExpression': {
        const out: Record<string | symbol, unknown> = {}
        for (const p of node.properties as Node[]) {
          const key = p.computed ? undefined : nameOf(p.key)
          if (p.type !== 'Property' || key === undefined) {
            out[PARTIAL] = true
            continue
          }
          places.set(JSON.stringify([...path, key]), {
            key: toRange(p.key as Node),
            value: toRange(p.value as Node),
          })
          const value = p.kind === 'init' && !p.method ? convert(p.value as Node, [...path, key]) : UNKNOWN
          out[key] = value === UNKNOWN ? undefined : value
        }
        return out
      }
      default:
        return UNKNOWN
    }
  }
  const value = convert(object, [])
  return {
    format: 'script',
    file,
    call,
    transport,
    value: value === UNKNOWN ? undefined : value,
    locate(path, key = false) {
      for (let n = path.length; n >= 0; n--) {
        const place = places.get(JSON.stringify(path.slice(0, n)))
        if (place) return (n === path.length && key && place.key) || place.value
      }
      return toRange(object)
    },
    fallbackOf: (path) => fallbacks.get(JSON.stringify(path)),
  }
}
