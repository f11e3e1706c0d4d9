import { z } from 'zod'

/** A puppeteer-core `Page` (kept structural so the heavy types load only where needed). */
export type LighthousePage = import('lighthouse').Puppeteer.Page

/** Runs before each Lighthouse run in the same tab (log in, set cookies). */
export type BeforeEach = (page: LighthousePage, url: string) => void | Promise<void>

/** A timespan's scripted interactions on the flow's tab: click, type, scroll, wait for a selector. */
export type Interact = (page: LighthousePage) => void | Promise<void>

const positiveInt = z.number().int().positive()
const name = z.string().trim().min(1)

/**
 * One step of a flow: a navigation (named after its path as pages are: `/` → `home`), a timespan of
 * scripted interactions, or a snapshot of the page as it is.
 */
const flowStepSchema = z.union(
  [
    z.strictObject({
      /** A path on the served origin (`/cart`) or an absolute URL. */
      navigate: z.string().min(1),
      /** Default: the path's page name (`/` → `home`). */
      name: name.optional(),
    }),
    z.strictObject({
      name,
      /** The interactions, measured as one timespan (INP, TBT, CLS). */
      interact: z.custom<Interact>((v) => typeof v === 'function', {
        error: 'expected a function (page) => … doing the interactions',
      }),
    }),
    z.strictObject({
      /** The step's name: a snapshot scores the page as the steps before left it. */
      snapshot: name,
    }),
  ],
  {
    error:
      "a step is `{ navigate: '/path' }`, `{ name: 'open', interact: async (page) => … }` or `{ snapshot: 'name' }`",
  },
)

const flowSchema = z.strictObject({
  /** The flow's name in its metric ids: `lighthouse/<flow>/<step>/inp`. */
  name,
  steps: z.array(flowStepSchema).min(1),
})

export type FlowStep = z.output<typeof flowStepSchema>
export type Flow = z.output<typeof flowSchema>
const isAbsolute = (url: string) => /^https?:\/\//i.test(url)

/** The options of `lighthousePlugin()`: each declared once, with its default. */
export const lighthouseOptionsSchema = z
  .strictObject({
    /** Absolute URLs, or paths (`/about`) when `staticDistDir` or `startServerCommand` gives the origin. */
    urls: z.array(z.string().min(1)).default([]),
    /** A built folder served on 127.0.0.1 (gzip, optional SPA fallback); relative to the config's folder. */
    staticDistDir: z.string().min(1).optional(),
    /** Serve `index.html` for paths that match no file (single-page apps). */
    spa: z.boolean().default(false),
    /** Without `urls`, how many HTML pages of `staticDistDir` are audited (as LHCI). */
    maxPages: positiveInt.default(5),
    /** Starts the app: a shell command line or an argv array. It must listen on 127.0.0.1 at `PORT`. */
    startServerCommand: z.union([z.string().min(1), z.array(z.string()).min(1)]).optional(),
    /** Polled until it answers; a path on the started server. Default `/` unless `readyPattern` is given. */
    readyUrl: z.string().startsWith('/').optional(),
    /** Ready once the server prints a line matching it (stdout or stderr); a string is a RegExp source. */
    readyPattern: z
      .union([z.instanceof(RegExp), z.string().min(1)])
      .transform((pattern, ctx) => {
        if (pattern instanceof RegExp) return pattern
        try {
          return new RegExp(pattern)
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `not a valid RegExp: ${(error as Error).message}` })
          return z.NEVER
        }
      })
      .optional(),
    /** How long the server may take to become ready (ms). */
    serverTimeout: z.number().positive().default(30_000),
    /** Lighthouse runs per page, one sample each. */
    runs: positiveInt.default(3),
    /** Device emulation and throttling. */
    preset: z.enum(['mobile', 'desktop']).default('mobile'),
    /** `simulate` (Lantern) is the least noisy. */
    throttlingMethod: z.enum(['simulate', 'devtools', 'provided']).default('simulate'),
    /** Chrome's executable; default CHROME_PATH, then chrome-launcher's search. */
    chromePath: z.string().min(1).optional(),
    /** Added to the headless CI flags perfgate always passes. */
    chromeFlags: z.array(z.string()).default([]),
    /** Lighthouse categories to run. */
    categories: z
      .array(z.enum(['performance', 'accessibility', 'best-practices', 'seo']))
      .min(1)
      .default(['performance']),
    /** Runs before each Lighthouse run in the same tab (log in, set cookies); storage is then kept. */
    beforeEach: z
      .custom<BeforeEach>((v) => typeof v === 'function', { error: 'expected a function (page, url) => …' })
      .optional(),
    /**
     * User flows run with Lighthouse's user-flow API in the plugin's Chrome: navigations, timespans of
     * scripted interactions (INP) and snapshots, one sample per run like a page.
     */
    flows: z.array(flowSchema).default([]),
    /** Plugin timeout (ms), overriding the config's `timeout`. */
    timeout: z.number().positive().optional(),
  })
  .superRefine((o, ctx) => {
    const hasOrigin = o.staticDistDir !== undefined || o.startServerCommand !== undefined
    if (o.staticDistDir !== undefined && o.startServerCommand !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['startServerCommand'],
        message: 'give either `staticDistDir` or `startServerCommand`, not both',
      })
    if (!hasOrigin && o.urls.length === 0 && o.flows.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: 'nothing to audit: give `urls`, `staticDistDir` or `startServerCommand`',
      })
    o.urls.forEach((url, index) => {
      if (isAbsolute(url)) return
      const message = !hasOrigin
        ? `"${url}" is not an absolute http(s) URL and no server gives it an origin (set \`staticDistDir\` or \`startServerCommand\`)`
        : url.startsWith('/')
          ? null
          : `"${url}" must be an http(s) URL or a path starting with "/"`
      if (message) ctx.addIssue({ code: 'custom', path: ['urls', index], message })
    })
    const flowNames = new Set<string>()
    o.flows.forEach((flow, index) => {
      if (flowNames.has(flow.name))
        ctx.addIssue({
          code: 'custom',
          path: ['flows', index, 'name'],
          message: `another flow is named "${flow.name}": each flow needs its own name (its metric ids)`,
        })
      flowNames.add(flow.name)
      const first = flow.steps[0]
      if (first && !('navigate' in first))
        ctx.addIssue({
          code: 'custom',
          path: ['flows', index, 'steps', 0],
          message: "a flow starts with a navigation: `{ navigate: '/path' }`",
        })
      flow.steps.forEach((step, s) => {
        if (!step || !('navigate' in step) || isAbsolute(step.navigate)) return
        const message = !hasOrigin
          ? `"${step.navigate}" is not an absolute http(s) URL and no server gives it an origin (set \`staticDistDir\` or \`startServerCommand\`)`
          : step.navigate.startsWith('/')
            ? null
            : `"${step.navigate}" must be an http(s) URL or a path starting with "/"`
        if (message) ctx.addIssue({ code: 'custom', path: ['flows', index, 'steps', s, 'navigate'], message })
      })
    })
  })

export type LighthouseOptions = z.input<typeof lighthouseOptionsSchema>
export type ResolvedLighthouseOptions = z.output<typeof lighthouseOptionsSchema>
