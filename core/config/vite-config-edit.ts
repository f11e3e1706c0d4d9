import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorMessage } from '../model/errors.js'
import { type AstNode, findAst, keyName, propertyValue } from '../toolkit/ast.js'

/** What `init` did to the project's Vite config. */
export type ViteConfigEdit =
  | { status: 'added' | 'present'; file: string }
  | { status: 'failed'; file: string; reason: string }

/** The lines a user adds by hand when the config cannot be edited. */
export const VITE_PLUGIN_LINES = "import perfgate from 'perfgate/vite'  …  plugins: [perfgate()]"

/** Where the Vite config is: a `vite.config.*`, or the `vite` key of a framework's own config. */
export interface ViteConfigTarget {
  /** The config file, relative to the project. */
  file: string
  /** `vite`: the Vite options are the `vite: { … }` of the default export (Nuxt, Astro). */
  nested?: 'vite'
  /** `perfgate({ output })`: where the data goes when Vite's root is not the project (Nuxt 4's `app/`). */
  output?: string
}

/**
 * Adds `perfgate()` from `perfgate/vite` to the plugins of the project's Vite config, so that every build
 * writes the module data the bundle plugin names npm packages and modules from: without it, a grown
 * bundle can only be said to be "assets/index-*.js". Nuxt and Astro take Vite's options in their own
 * config's `vite: { … }`: the plugin goes there (the key made when missing). Parsed with magicast's
 * parser (the unjs library Nuxt and Storybook edit configs with), edited as text at its offsets: a few
 * lines added, every other byte kept. A config that already imports it is left alone; one with no list
 * to find (built by a function of the project's own) is left alone and said.
 */
export async function addPerfgateToViteConfig(
  cwd: string,
  target: string | ViteConfigTarget,
): Promise<ViteConfigEdit> {
  const { file: configFile, nested, output } = typeof target === 'string' ? { file: target } : target
  const file = join(cwd, configFile)
  try {
    const text = await readFile(file, 'utf8')
    if (/['"]perfgate\/vite['"]/.test(text)) return { status: 'present', file: configFile }
    const { parseModule } = await import('magicast')
    const mod = parseModule(text)
    const call = `perfgate(${output ? `{ output: ${quoted(text, output)} }` : ''})`
    // The config's `plugins: [ … ]`, in `defineConfig({ … })` or in the object a config function
    // returns, edited as text at the parser's offsets: the rest of the file stays byte for byte.
    const root = mod.exports.default?.$ast
    const edited = nested
      ? withNestedPlugin(text, root, call)
      : withListedPlugin(text, pluginsArray(root), call)
    const body = (mod.$ast as unknown as { body: AstNode[] }).body
    await writeFile(file, withImport(edited, body))
    return { status: 'added', file: configFile }
  } catch (error) {
    return { status: 'failed', file: configFile, reason: errorMessage(error).split('\n')[0] }
  }
}

function withListedPlugin(text: string, plugins: ArrayNode | undefined, call: string): string {
  if (!plugins) throw new Error('no `plugins: [ … ]` list found in its default export')
  return withPlugin(text, plugins, call)
}

interface ObjectNode {
  start: number
  end: number
  properties: Array<AstNode & { start: number; end: number }>
}

/**
 * Into `vite: { plugins: [ … ] }` of the exported config object: appended to the list, else a
 * `plugins` key first in `vite: { … }`, else a `vite` key last in the config.
 */
function withNestedPlugin(text: string, root: unknown, call: string): string {
  const config = configObject(root)
  if (!config) throw new Error('no config object `{ … }` found in its default export')
  const vite = propertyValue(config as unknown as AstNode, 'vite')
  if (vite && vite.type !== 'ObjectExpression')
    throw new Error('its `vite` option is not an object literal `{ … }`')
  if (vite) {
    const plugins = propertyValue(vite, 'plugins') as unknown as ArrayNode | undefined
    if (plugins) {
      if ((plugins as unknown as AstNode).type !== 'ArrayExpression')
        throw new Error('its `vite.plugins` is not a list `[ … ]`')
      return withPlugin(text, plugins, call)
    }
    return withProperty(text, vite as unknown as ObjectNode, `plugins: [${call}]`, 'first')
  }
  return withProperty(text, config, `vite: { plugins: [${call}] }`, 'last')
}

/** A property added to an object literal, in its layout (one a line or one line), first or last. */
function withProperty(text: string, object: ObjectNode, property: string, where: 'first' | 'last'): string {
  const props = object.properties
  if (props.length === 0)
    return `${text.slice(0, object.start + 1)} ${property} ${text.slice(object.start + 1)}`
  if (where === 'last') return appended(text, props, object, property)
  const multiline = text.slice(object.start + 1, props[0].start).includes('\n')
  const lineStart = text.lastIndexOf('\n', props[0].start) + 1
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
  const insert = multiline ? `${property},\n${indent}` : `${property}, `
  return `${text.slice(0, props[0].start)}${insert}${text.slice(props[0].start)}`
}

/** The object the default export passes to `defineNuxtConfig(…)`/`defineConfig(…)`, or exports itself. */
function configObject(root: unknown): ObjectNode | undefined {
  let node = root as AstNode | undefined
  // `{ … } satisfies AstroUserConfig`, `{ … } as Config`
  while (node?.type === 'TSSatisfiesExpression' || node?.type === 'TSAsExpression')
    node = node.expression as AstNode
  if (node?.type === 'ObjectExpression') return node as unknown as ObjectNode
  if (node?.type === 'CallExpression') {
    const first = (node.arguments as AstNode[])[0]
    if (first?.type === 'ObjectExpression') return first as unknown as ObjectNode
  }
  return undefined
}

/** A string literal in the file's own quotes. */
function quoted(text: string, value: string): string {
  const double = (text.match(/"/g) ?? []).length > (text.match(/'/g) ?? []).length
  return double ? JSON.stringify(value) : `'${value.replace(/'/g, "\\'")}'`
}

interface ArrayNode {
  start: number
  end: number
  elements: Array<{ start: number; end: number } | null>
}

/** `perfgate()` after the last plugin, in the list's own layout (one a line, trailing comma or not). */
function withPlugin(text: string, list: ArrayNode, call: string): string {
  const elements = list.elements.filter((e): e is { start: number; end: number } => e !== null)
  if (elements.length === 0) return `${text.slice(0, list.start + 1)}${call}${text.slice(list.start + 1)}`
  return appended(text, elements, list, call)
}

/**
 * `item` after the last of `items` in their container (a list or an object), in its layout: on one line
 * `, item`; one a line, on a line of its own after the last one's line (its comment stays there), with
 * a trailing comma when the list has one.
 */
function appended(
  text: string,
  items: Array<{ start: number; end: number }>,
  container: { start: number; end: number },
  item: string,
): string {
  const last = items[items.length - 1]
  const multiline = text.slice(container.start + 1, items[0].start).includes('\n')
  if (!multiline) return `${text.slice(0, last.end)}, ${item}${text.slice(last.end)}`
  const lineStart = text.lastIndexOf('\n', items[0].start) + 1
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
  const close = container.end - 1
  const comma = commaBetween(text, last.end, close)
  const from = comma >= 0 ? comma : last.end
  const lineEnd = text.indexOf('\n', from)
  const at = lineEnd >= 0 && lineEnd < close ? lineEnd : close
  if (comma >= 0) return `${text.slice(0, at)}\n${indent}${item},${text.slice(at)}`
  return `${text.slice(0, last.end)},${text.slice(last.end, at)}\n${indent}${item}${text.slice(at)}`
}

/** The first comma in text[from, to) outside comments, or -1. */
function commaBetween(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? to : text.indexOf('\n', i)
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? to : text.indexOf('*/', i + 2) + 1
    else if (text[i] === ',') return i
  }
  return -1
}

/** `import perfgate from 'perfgate/vite'` after the last import, in the file's quotes and semicolons. */
function withImport(text: string, body: AstNode[]): string {
  const imports = body.filter((node) => node.type === 'ImportDeclaration') as unknown as Array<{
    end: number
  }>
  // The imports' quotes and semicolons, else the file's (a Nuxt config often has no import).
  const double =
    imports.length > 0
      ? (text.match(/from "/g) ?? []).length > (text.match(/from '/g) ?? []).length
      : quoted(text, '').startsWith('"')
  const semicolon =
    imports.length > 0 ? text[imports[imports.length - 1].end - 1] === ';' : /;\s*$/.test(text)
  const line = `import perfgate from ${double ? '"perfgate/vite"' : "'perfgate/vite'"}${semicolon ? ';' : ''}`
  const after = imports.at(-1)?.end
  return after === undefined ? `${line}\n${text}` : `${text.slice(0, after)}\n${line}${text.slice(after)}`
}

/** The first `plugins: [ … ]` array in a node (a config function's returned object), depth first. */
function pluginsArray(node: unknown): ArrayNode | undefined {
  return findAst(node, (n) =>
    (n.type === 'ObjectProperty' || n.type === 'Property') &&
    keyName(n) === 'plugins' &&
    (n.value as AstNode | undefined)?.type === 'ArrayExpression'
      ? (n.value as unknown as ArrayNode)
      : undefined,
  )
}
