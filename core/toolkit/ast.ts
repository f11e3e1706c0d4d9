// One walk over an ESTree or Babel syntax tree (acorn's, magicast's) for the readers that look for a
// few nodes in code they must not run: SvelteKit's route manifest, a service worker, a Vite config.

/** A syntax tree node: its `type`, and whatever else its kind has. */
export interface AstNode {
  type: string
  [key: string]: unknown
}

// Positions and comment lists hold no nodes to visit; Babel's `comments` and `tokens` are long.
const SKIPPED_KEYS = new Set(['loc', 'comments', 'tokens', 'leadingComments', 'trailingComments'])

/** Visits every node under `node`, parents before children, in source order. */
export function walkAst<T extends AstNode = AstNode>(node: unknown, visit: (node: T) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walkAst(child, visit)
    return
  }
  if (!node || typeof node !== 'object' || typeof (node as AstNode).type !== 'string') return
  visit(node as T)
  for (const [key, child] of Object.entries(node))
    if (!SKIPPED_KEYS.has(key) && child && typeof child === 'object') walkAst(child, visit)
}

/** The first node under `node` (itself included) that `match` accepts, parents before children. */
export function findAst<T = AstNode>(node: unknown, match: (node: AstNode) => T | undefined): T | undefined {
  let found: T | undefined
  walkAst(node, (n) => {
    if (found === undefined) found = match(n)
  })
  return found
}

/** A property's key as written: `start`, `'start'`; undefined when computed from an expression. */
export function keyName(node: AstNode): string | undefined {
  const key = node.key as AstNode | undefined
  if (key?.type === 'Identifier') return node.computed ? undefined : (key.name as string)
  if ((key?.type === 'Literal' || key?.type === 'StringLiteral') && typeof key.value === 'string')
    return key.value
  return undefined
}

/** The value of an object literal's property `name`. */
export function propertyValue(object: AstNode, name: string): AstNode | undefined {
  const found = (object.properties as AstNode[]).find(
    (p) => (p.type === 'Property' || p.type === 'ObjectProperty') && keyName(p) === name,
  )
  return found?.value as AstNode | undefined
}

/** The value of an object literal's property `name`, when it is a string literal. */
export function stringPropertyValue(object: AstNode, name: string): string | undefined {
  const value = propertyValue(object, name)
  return (value?.type === 'Literal' || value?.type === 'StringLiteral') && typeof value.value === 'string'
    ? value.value
    : undefined
}
