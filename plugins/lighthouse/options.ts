import { z } from 'zod'
import { PerfgateError } from '../../core/model/errors.js'

/** A puppeteer-core `Page` (kept structural so the heavy types load only where needed). */
export type LighthousePage = import('lighthouse').Puppeteer.Page

export interface LighthouseOptions {
  /** Absolute URLs, or paths (`/about`) when `staticDistDir` or `startServerCommand` gives the origin. */
  urls?: string[]
  /** A built folder served on 127.0.0.1 (gzip, optional SPA fallback); relative to the config's folder. */
  staticDistDir?: string
  /** Serve `index.html` for paths that match no file (single-page apps). Default false. */
  spa?: boolean
  /** Without `urls`, how many HTML pages of `staticDistDir` are audited (as LHCI). Default 5. */
  maxPages?: number
  /** Starts the app: a shell command line or an argv array. It must listen on 127.0.0.1 at `PORT`. */
  startServerCommand?: string | string[]
  /** Polled until it answers; a path on the started server. Default `/` unless `readyPattern` is given. */
  readyUrl?: string
  /** Ready once the server prints a line matching it (stdout or stderr); a string is a RegExp source. */
  readyPattern?: RegExp | string
  /** How long the server may take to become ready (ms). Default 30000. */
  serverTimeout?: number
  /** Lighthouse runs per page, one sample each. Default 3. */
  runs?: number
  /** Device emulation and throttling. Default `mobile`. */
  preset?: 'mobile' | 'desktop'
  /** Default `simulate` (Lantern: the least noisy). */
  throttlingMethod?: 'simulate' | 'devtools' | 'provided'
  /** Else CHROME_PATH, else chrome-launcher's search. */
  chromePath?: string
  /** Added to the headless CI flags perfgate always passes. */
  chromeFlags?: string[]
  /** Lighthouse categories to run. Default `['performance']`. */
  categories?: Array<'performance' | 'accessibility' | 'best-practices' | 'seo'>
  /** Runs before each Lighthouse run in the same tab (log in, set cookies); storage is then kept. */
  beforeEach?: (page: LighthousePage, url: string) => void | Promise<void>
  /** Plugin timeout (ms), overriding the config's. */
  timeout?: number
}

export interface ResolvedLighthouseOptions {
  urls: string[]
  staticDistDir: string | null
  spa: boolean
  maxPages: number
  startServerCommand: string | string[] | null
  /** Null when only `readyPattern` says the server is ready. */
  readyUrl: string | null
  readyPattern: RegExp | null
  serverTimeout: number
  runs: number
  preset: 'mobile' | 'desktop'
  throttlingMethod: 'simulate' | 'devtools' | 'provided'
  chromePath: string | null
  chromeFlags: string[]
  categories: string[]
  beforeEach: LighthouseOptions['beforeEach'] | null
  timeout?: number
}

const positiveInt = z.number().int().positive()

const optionsSchema = z
  .object({
    urls: z.array(z.string().min(1)).optional(),
    staticDistDir: z.string().min(1).optional(),
    spa: z.boolean().optional(),
    maxPages: positiveInt.optional(),
    startServerCommand: z.union([z.string().min(1), z.array(z.string()).min(1)]).optional(),
    readyUrl: z.string().startsWith('/').optional(),
    readyPattern: z.union([z.instanceof(RegExp), z.string().min(1)]).optional(),
    serverTimeout: z.number().positive().optional(),
    runs: positiveInt.optional(),
    preset: z.enum(['mobile', 'desktop']).optional(),
    throttlingMethod: z.enum(['simulate', 'devtools', 'provided']).optional(),
    chromePath: z.string().min(1).optional(),
    chromeFlags: z.array(z.string()).optional(),
    categories: z
      .array(z.enum(['performance', 'accessibility', 'best-practices', 'seo']))
      .min(1)
      .optional(),
    beforeEach: z.custom<LighthouseOptions['beforeEach']>((v) => typeof v === 'function').optional(),
    timeout: z.number().positive().optional(),
  })
  .strict()

/** Validates and fills defaults; a bad option is a CONFIG_INVALID error (exit 2) naming it. */
export function resolveLighthouseOptions(options: LighthouseOptions): ResolvedLighthouseOptions {
  const parsed = optionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.length > 0 ? `option \`${issue.path.join('.')}\`` : 'options'
    throw new PerfgateError('CONFIG_INVALID', `lighthousePlugin: ${where}: ${issue.message}.`, {
      hint: 'See docs/lighthouse.md for the options of lighthousePlugin().',
    })
  }
  const o = parsed.data
  const urls = o.urls ?? []
  const hasOrigin = o.staticDistDir !== undefined || o.startServerCommand !== undefined
  if (o.staticDistDir !== undefined && o.startServerCommand !== undefined)
    throw invalid('give either `staticDistDir` or `startServerCommand`, not both')
  if (!hasOrigin && urls.length === 0)
    throw invalid('nothing to audit: give `urls`, `staticDistDir` or `startServerCommand`')
  const relative = urls.find((url) => !/^https?:\/\//i.test(url))
  if (relative !== undefined && !hasOrigin)
    throw invalid(`"${relative}" in \`urls\` is not an absolute http(s) URL and no server gives it an origin`)
  if (relative !== undefined && !relative.startsWith('/'))
    throw invalid(`"${relative}" in \`urls\` must be an http(s) URL or a path starting with "/"`)
  return {
    urls,
    staticDistDir: o.staticDistDir ?? null,
    spa: o.spa ?? false,
    maxPages: o.maxPages ?? 5,
    startServerCommand: o.startServerCommand ?? null,
    readyUrl: o.readyUrl ?? (o.readyPattern === undefined ? '/' : null),
    readyPattern: o.readyPattern === undefined ? null : toRegExp(o.readyPattern),
    serverTimeout: o.serverTimeout ?? 30_000,
    runs: o.runs ?? 3,
    preset: o.preset ?? 'mobile',
    throttlingMethod: o.throttlingMethod ?? 'simulate',
    chromePath: o.chromePath ?? null,
    chromeFlags: o.chromeFlags ?? [],
    categories: o.categories ?? ['performance'],
    beforeEach: o.beforeEach ?? null,
    timeout: o.timeout,
  }
}

function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return pattern
  try {
    return new RegExp(pattern)
  } catch (error) {
    throw invalid(`option \`readyPattern\`: ${(error as Error).message}`)
  }
}

function invalid(message: string): PerfgateError {
  return new PerfgateError('CONFIG_INVALID', `lighthousePlugin: ${message}.`, {
    hint: 'See docs/lighthouse.md for the options of lighthousePlugin().',
  })
}
