import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS: under NodeNext its function arrives as `.default` of the default export.
type FormatsPlugin = (ajv: Ajv) => Ajv
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin

const DOC_ID = 'https://openapi.test/api.github.com.json'

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>
  components: { responses: Record<string, ResponseSpec> }
}
interface Operation {
  operationId?: string
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, ResponseSpec | { $ref: string }>
}
interface ResponseSpec {
  content?: Record<string, { schema?: unknown }>
}

export interface MatchedOperation {
  method: string
  template: string
  operationId: string
  params: Record<string, string>
  pointer: string
}

/**
 * GitHub's published OpenAPI description (@octokit/openapi), loaded once per test file, with validators
 * compiled lazily per operation: requests and responses of the fake server are checked against it.
 */
export class GitHubOpenApi {
  private readonly doc: OpenApiDoc
  private readonly ajv: Ajv
  private readonly routes: Array<{
    method: string
    template: string
    regex: RegExp
    names: string[]
    literal: number
  }>
  private readonly cache = new Map<string, ValidateFunction>()

  constructor() {
    const require = createRequire(import.meta.url)
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
    this.doc = JSON.parse(readFileSync(file, 'utf8'))
    ;(this.doc as unknown as { $id: string }).$id = DOC_ID
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false })
    addFormats(this.ajv)
    this.ajv.addSchema(this.doc as object, DOC_ID)
    this.routes = []
    for (const [template, item] of Object.entries(this.doc.paths)) {
      const names: string[] = []
      const pattern = template
        .split('/')
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part)
          if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          names.push(m[1]!)
          return '([^/]+)'
        })
        .join('/')
      const literal = template.split('/').filter((p) => p && !p.startsWith('{')).length
      for (const method of Object.keys(item)) {
        if (method === 'parameters') continue
        this.routes.push({
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}$`),
          names,
          literal,
        })
      }
    }
    // Most literal segments first: /issues/comments/{id} before /issues/{number}/…
    this.routes.sort((a, b) => b.literal - a.literal)
  }

  match(method: string, pathname: string): MatchedOperation | null {
    for (const route of this.routes) {
      if (route.method !== method) continue
      const m = route.regex.exec(pathname)
      if (!m) continue
      const params: Record<string, string> = {}
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!)
      })
      const op = this.doc.paths[route.template]![method.toLowerCase()]!
      return {
        method,
        template: route.template,
        operationId: op.operationId ?? `${method} ${route.template}`,
        params,
        pointer: `/paths/${escapePointer(route.template)}/${method.toLowerCase()}`,
      }
    }
    return null
  }

  /** Problems with a request body, or [] when it conforms. */
  checkRequest(op: MatchedOperation, body: unknown): string[] {
    const spec = this.operation(op).requestBody
    if (!spec) return body === undefined ? [] : [`${op.operationId} takes no request body`]
    if (body === undefined) return spec.required ? [`${op.operationId} requires a JSON body`] : []
    if (!spec.content?.['application/json']?.schema) return [`${op.operationId} has no JSON request schema`]
    return this.validate(`${op.pointer}/requestBody/content/application~1json/schema`, body, 'request')
  }

  /**
   * Problems with a response body for a status. Statuses the description does not list for the operation
   * (GitHub still sends them: 403 on check runs, 5xx) are checked against the generic `basic-error`.
   */
  checkResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    const responses = this.operation(op).responses ?? {}
    let entry = responses[String(status)]
    let pointer = `${op.pointer}/responses/${status}`
    if (!entry) {
      if (status < 400) return [`${op.operationId} does not document status ${status}`]
      return this.validate('/components/schemas/basic-error', body, `response ${status}`)
    }
    if ('$ref' in entry && typeof entry.$ref === 'string') {
      pointer = entry.$ref.slice(1)
      entry = this.doc.components.responses[entry.$ref.split('/').pop()!]!
    }
    const spec = entry as ResponseSpec
    if (!spec.content?.['application/json']?.schema)
      return body === undefined || body === '' ? [] : [`${op.operationId} ${status} has no body`]
    return this.validate(`${pointer}/content/application~1json/schema`, body, `response ${status}`)
  }

  private operation(op: MatchedOperation): Operation {
    return this.doc.paths[op.template]![op.method.toLowerCase()]!
  }

  private validate(pointer: string, data: unknown, what: string): string[] {
    const validate = this.cache.get(pointer) ?? this.ajv.compile({ $ref: `${DOC_ID}#${pointer}` })
    this.cache.set(pointer, validate)
    if (validate(data)) return []
    return (validate.errors ?? []).map((e) => `${what}: ${e.instancePath || '/'} ${e.message}`)
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}
