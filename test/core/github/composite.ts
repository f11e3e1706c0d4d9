import { readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { parse } from 'yaml'
import { runProcess } from '../../helpers/process.js'
import { parseOutputFile } from './runner.js'

/**
 * Runs a composite action's steps the way the GitHub runner does: `${{ }}` expressions evaluated
 * against inputs (given or defaulted), `github` and `steps` contexts; each `shell: bash` step written to a
 * file and run with `bash --noprofile --norc -eo pipefail {file}` in its working directory; what a step
 * appends to `$GITHUB_ENV` is in the env of later steps; each step gets its own `$GITHUB_OUTPUT`, which
 * becomes `steps.<id>.outputs`, from which the action's `outputs` are evaluated. `if:` is evaluated as
 * the runner does (an implicit `success() &&` unless a status function is named); after a failing step
 * only `always()`/`failure()` steps run; `continue-on-error: true` keeps a failure from failing the
 * action. A `uses:` step runs the stand-in given for that action (`uses` option), with its `with:`
 * evaluated; an action without a stand-in fails the test.
 */

interface ActionStep {
  id?: string
  name?: string
  if?: string
  shell?: string
  run?: string
  uses?: string
  with?: Record<string, string>
  env?: Record<string, string>
  'working-directory'?: string
  'continue-on-error'?: boolean
}

/** A stand-in for a `uses:` action: gets its evaluated `with:` inputs and the step's env. */
export type StandInAction = (
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
) => Promise<{ code: number; outputs?: Record<string, string>; stdout?: string; stderr?: string }>
interface ActionFile {
  inputs?: Record<string, { default?: string }>
  outputs?: Record<string, { value: string }>
  runs: { using: string; steps: ActionStep[] }
}

export interface CompositeRun {
  /** Exit code of the last step run (0 when all passed). */
  code: number
  /** Name of the step that failed, if one did. */
  failedStep: string | null
  /** The action's outputs, evaluated from its `outputs:` after the steps ran (failed or not). */
  outputs: Record<string, string>
  /** Output files of each step with an id, parsed, and the step's outcome. */
  steps: Record<string, { outputs: Record<string, string>; outcome: StepOutcome }>
  /** Names of the steps that were skipped by their `if:`. */
  skipped: string[]
  /** Env vars the steps added through `$GITHUB_ENV`. */
  addedEnv: Record<string, string>
  stdout: string
  stderr: string
}

export async function runCompositeAction(options: {
  actionFile: string
  actionPath: string
  inputs: Record<string, string>
  /** The runner's job env (GITHUB_*, PATH, …) including GITHUB_EVENT_PATH and GITHUB_WORKSPACE. */
  env: NodeJS.ProcessEnv
  token: string
  scratch: string
  /** Stand-ins for `uses:` steps, by `owner/name@ref`. */
  uses?: Record<string, StandInAction>
}): Promise<CompositeRun> {
  const action = parse(readFileSync(options.actionFile, 'utf8')) as ActionFile
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`)
  const env = options.env
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH!, 'utf8')) as unknown
  const steps: CompositeRun['steps'] = {}
  const github = {
    action_path: options.actionPath,
    token: options.token,
    event_name: env.GITHUB_EVENT_NAME,
    ref: env.GITHUB_REF,
    sha: env.GITHUB_SHA,
    repository: env.GITHUB_REPOSITORY,
    workspace: env.GITHUB_WORKSPACE,
    event,
  }
  // Inputs' defaults may be expressions (`${{ github.token }}`); given inputs are literal strings.
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs ?? {}))
    inputs[name] = options.inputs[name] ?? substitute(spec.default ?? '', { github })
  for (const name of Object.keys(options.inputs))
    if (!(name in inputs)) throw new Error(`input ${name} is not declared by the action`)
  const context = { inputs, github, steps }

  const addedEnv: Record<string, string> = {}
  const skipped: string[] = []
  let stdout = ''
  let stderr = ''
  let index = 0
  let failed: { code: number; step: string } | null = null
  for (const step of action.runs.steps) {
    index++
    const label = step.name ?? step.id ?? `step ${index}`
    const status = failed ? 'failure' : 'success'
    if (!shouldRun(step.if, context, status)) {
      skipped.push(label)
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped' }
      continue
    }
    const stepEnv: NodeJS.ProcessEnv = { ...env, ...addedEnv, GITHUB_ACTION_PATH: options.actionPath }
    for (const [name, value] of Object.entries(step.env ?? {}))
      stepEnv[name] = substitute(String(value), context)
    let result: { code: number; stdout: string; stderr: string; outputs: Record<string, string> }
    if (step.uses !== undefined) {
      const standIn = options.uses?.[step.uses]
      if (!standIn) throw new Error(`${label}: no stand-in for uses: ${step.uses}`)
      const withInputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([name, value]) => [name, substitute(String(value), context)]),
      )
      const ran = await standIn(withInputs, stepEnv)
      result = {
        code: ran.code,
        stdout: ran.stdout ?? '',
        stderr: ran.stderr ?? '',
        outputs: ran.outputs ?? {},
      }
    } else {
      if (step.run === undefined || step.shell !== 'bash')
        throw new Error(`${label}: only shell: bash run steps and uses: steps are supported`)
      const script = join(options.scratch, `step-${index}.sh`)
      const outputFile = join(options.scratch, `step-${index}-output`)
      const envFile = join(options.scratch, `step-${index}-env`)
      writeFileSync(script, substitute(step.run, context))
      writeFileSync(outputFile, '')
      writeFileSync(envFile, '')
      const dir = substitute(step['working-directory'] ?? '.', context)
      const cwd = isAbsolute(dir) ? dir : join(env.GITHUB_WORKSPACE!, dir)
      const ran = await bash(script, cwd, { ...stepEnv, GITHUB_OUTPUT: outputFile, GITHUB_ENV: envFile })
      Object.assign(addedEnv, parseOutputFile(readFileSync(envFile, 'utf8')))
      result = { ...ran, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')) }
    }
    stdout += result.stdout
    stderr += result.stderr
    const outcome: StepOutcome = result.code === 0 ? 'success' : 'failure'
    if (step.id) steps[step.id] = { outputs: result.outputs, outcome }
    if (outcome === 'failure' && step['continue-on-error'] !== true && !failed)
      failed = { code: result.code, step: label }
  }
  // The runner sets the action's outputs whether or not a step failed.
  const outputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.outputs ?? {}))
    outputs[name] = substitute(spec.value, context)
  return {
    code: failed?.code ?? 0,
    failedStep: failed?.step ?? null,
    outputs,
    steps,
    skipped,
    addedEnv,
    stdout,
    stderr,
  }
}

type StepOutcome = 'success' | 'failure' | 'skipped'

const STATUS_FUNCTIONS = /\b(success|always|failure|cancelled)\s*\(/i

/** A step's `if:`, with or without `${{ }}`; no status function means `success() && (…)`. */
function shouldRun(
  condition: string | undefined,
  context: Record<string, unknown>,
  status: 'success' | 'failure',
) {
  const expression = (condition ?? '')
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim()
  const statusContext = { ...context, [STATUS]: status }
  if (!expression) return status === 'success'
  const value = truthy(evaluate(expression, statusContext))
  return STATUS_FUNCTIONS.test(expression) ? value : value && status === 'success'
}

const STATUS = '__status'

async function bash(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const result = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env })
  return { ...result, code: result.code ?? 1 }
}

/** Replaces every `${{ expr }}` in text with the expression's value, formatted as the runner does. */
export function substitute(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expression: string) => format(evaluate(expression, context)))
}

function format(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

type Token = { kind: 'str' | 'num' | 'ident' | 'op'; text: string }

/**
 * A small evaluator for GitHub's expression syntax: literals, context paths (`a.b-c.d`, `a['x']`),
 * `! == != && ||`, parentheses and `format()`. Anything else throws, so an expression this runner does not
 * understand makes the test fail instead of being substituted wrongly.
 */
export function evaluate(expression: string, context: Record<string, unknown>): unknown {
  const tokens = tokenize(expression)
  let pos = 0
  const peek = () => tokens[pos]
  const take = (text?: string) => {
    const token = tokens[pos]
    if (!token || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? 'a token'} at ${pos} in: ${expression}`)
    pos++
    return token
  }
  const or = (): unknown => {
    let left = and()
    while (peek()?.text === '||') {
      take()
      const right = and()
      left = truthy(left) ? left : right
    }
    return left
  }
  const and = (): unknown => {
    let left = equality()
    while (peek()?.text === '&&') {
      take()
      const right = equality()
      left = truthy(left) ? right : left
    }
    return left
  }
  const equality = (): unknown => {
    let left = unary()
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = take().text
      const right = unary()
      left = equals(left, right) === (op === '==')
    }
    return left
  }
  const unary = (): unknown => {
    if (peek()?.text === '!') {
      take()
      return !truthy(unary())
    }
    return primary()
  }
  const primary = (): unknown => {
    const token = take()
    if (token.kind === 'str') return token.text
    if (token.kind === 'num') return Number(token.text)
    if (token.text === '(') {
      const value = or()
      take(')')
      return value
    }
    if (token.kind !== 'ident') throw new Error(`unexpected ${token.text} in: ${expression}`)
    if (token.text === 'true' || token.text === 'false') return token.text === 'true'
    if (token.text === 'null') return null
    if (peek()?.text === '(') return call(token.text)
    if (!(token.text in context)) throw new Error(`unknown context ${token.text} in: ${expression}`)
    let value: unknown = context[token.text]
    for (;;) {
      if (peek()?.text === '.') {
        take()
        value = property(value, take().text)
      } else if (peek()?.text === '[') {
        take()
        value = property(value, format(or()))
        take(']')
      } else return value
    }
  }
  const call = (name: string): unknown => {
    take('(')
    const args: unknown[] = []
    while (peek()?.text !== ')') {
      args.push(or())
      if (peek()?.text === ',') take()
    }
    take(')')
    const fn = name.toLowerCase()
    if (fn === 'always') return true
    if (fn === 'cancelled') return false
    if (fn === 'success' || fn === 'failure') return context[STATUS] === fn
    if (fn !== 'format') throw new Error(`function ${name} is not supported: ${expression}`)
    const [template, ...rest] = args
    return format(template).replace(/\{(\d+)\}/g, (_, i: string) => format(rest[Number(i)]))
  }
  const value = or()
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]!.text} in: ${expression}`)
  return value
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|&&|\|\||[!().,[\]]))/y
  let match: RegExpExecArray | null
  while (pattern.lastIndex < expression.trimEnd().length) {
    match = pattern.exec(expression)
    if (!match) throw new Error(`cannot read expression: ${expression}`)
    if (match[1] !== undefined) tokens.push({ kind: 'str', text: match[1].replaceAll("''", "'") })
    else if (match[2] !== undefined) tokens.push({ kind: 'num', text: match[2] })
    else if (match[3] !== undefined) tokens.push({ kind: 'ident', text: match[3] })
    else tokens.push({ kind: 'op', text: match[4]! })
  }
  return tokens
}

function property(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return null
  const found = Object.entries(value).find(([key]) => key.toLowerCase() === name.toLowerCase())
  return found ? found[1] : null
}

function truthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === 0 || value === '')
}

/**
 * GitHub's loose equality: strings compare case-insensitively; values of different types are compared
 * as numbers (null and '' are 0, true is 1, a non-numeric string is NaN, which equals nothing).
 */
function equals(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (typeof a === typeof b && a !== null && b !== null) return a === b
  return toNumber(a) === toNumber(b)
}

function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value)
  return Number.NaN
}
