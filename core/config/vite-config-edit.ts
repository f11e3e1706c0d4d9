import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorMessage } from '../model/errors.js'
import { type AstNode, findAst, keyName } from '../toolkit/ast.js'

/** What `init` did to the project's Vite config. */
export type ViteConfigEdit =
  | { status: 'added' | 'present'; file: string }
  | { status: 'failed'; file: string; reason: string }

/** The lines a user adds by hand when the config cannot be edited. */
export const VITE_PLUGIN_LINES = "import perfgate from 'perfgate/vite'  …  plugins: [perfgate()]"

/**
 * Adds `perfgate()` from `perfgate/vite` to the plugins of the project's Vite config, so that every build
 * writes the module data the bundle plugin names npm packages and modules from: without it, a grown
 * bundle can only be said to be "assets/index-*.js". Parsed with magicast's parser (the unjs library
 * Nuxt and Storybook edit configs with), edited as text at its offsets: two lines added, every other
 * byte kept. A config that already imports it is left alone; one with no `plugins` list to find (built
 * by a function of the project's own) is left alone and said.
 */
export async function addPerfgateToViteConfig(cwd: string, configFile: string): Promise<ViteConfigEdit> {
  const file = join(cwd, configFile)
  try {
    const text = await readFile(file, 'utf8')
    if (/['"]perfgate\/vite['"]/.test(text)) return { status: 'present', file: configFile }
    const { parseModule } = await import('magicast')
    const mod = parseModule(text)
    // The config's `plugins: [ … ]`, in `defineConfig({ … })` or in the object a config function
    // returns, edited as text at the parser's offsets: the rest of the file stays byte for byte.
    const plugins = pluginsArray(mod.exports.default?.$ast)
    if (!plugins) throw new Error('no `plugins: [ … ]` list found in its default export')
    const body = (mod.$ast as unknown as { body: AstNode[] }).body
    const edited = withImport(withPlugin(text, plugins), body)
    await writeFile(file, edited)
    return { status: 'added', file: configFile }
  } catch (error) {
    return { status: 'failed', file: configFile, reason: errorMessage(error).split('\n')[0] }
  }
}

interface ArrayNode {
  start: number
  end: number
  elements: Array<{ start: number; end: number } | null>
}

/** `perfgate()` after the last plugin, in the list's own layout (one a line, trailing comma or not). */
function withPlugin(text: string, list: ArrayNode): string {
  const elements = list.elements.filter((e): e is { start: number; end: number } => e !== null)
  const last = elements.at(-1)
  if (!last) return `${text.slice(0, list.start + 1)}perfgate()${text.slice(list.start + 1)}`
  const between = text.slice(last.end, list.end - 1)
  const comma = between.indexOf(',')
  const lineStart = text.lastIndexOf('\n', elements[0].start) + 1
  const multiline = text.slice(list.start + 1, elements[0].start).includes('\n')
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
  if (!multiline) return `${text.slice(0, last.end)}, perfgate()${text.slice(last.end)}`
  const at = comma >= 0 ? last.end + comma + 1 : last.end
  const insert = comma >= 0 ? `\n${indent}perfgate(),` : `,\n${indent}perfgate()`
  return `${text.slice(0, at)}${insert}${text.slice(at)}`
}

/** `import perfgate from 'perfgate/vite'` after the last import, in the file's quotes and semicolons. */
function withImport(text: string, body: AstNode[]): string {
  const imports = body.filter((node) => node.type === 'ImportDeclaration') as unknown as Array<{
    end: number
  }>
  const double = (text.match(/from "/g) ?? []).length > (text.match(/from '/g) ?? []).length
  const semicolon = imports.length > 0 && text[imports[imports.length - 1].end - 1] === ';'
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
