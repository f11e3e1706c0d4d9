import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium, headless; Playwright gives each launch a fresh temporary profile. Never a downloaded browser. */
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface OpenedPage {
  page: Page
  context: BrowserContext
  /** Every request the page made, in order (the page's own file:// load included). */
  requests: string[]
  /** Console errors and uncaught exceptions. */
  errors: string[]
}

export interface BrowserHandle {
  open(file: string, viewport?: { width: number; height: number }): Promise<OpenedPage>
  close(): Promise<void>
}

export async function launchBrowser(): Promise<BrowserHandle> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  const contexts: BrowserContext[] = []
  return {
    async open(file, viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport })
      contexts.push(context)
      const page = await context.newPage()
      const requests: string[] = []
      const errors: string[] = []
      context.on('request', (request) => requests.push(request.url()))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(String(error)))
      await page.goto(`file://${file}`, { waitUntil: 'load' })
      await page.waitForSelector('html[data-charts-ready]', { state: 'attached' })
      return { page, context, requests, errors }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {})
      await browser.close()
    },
  }
}

/** A PNG's width and height from its header, and whether its bytes vary (not one flat colour). */
export function pngFacts(png: Buffer): { width: number; height: number; bytes: number } {
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length }
}

/** Where tests put their screenshots: PERFGATE_TEST_SCREENSHOTS keeps them for a person to look at. */
export function screenshots(fallback: string): string {
  return process.env.PERFGATE_TEST_SCREENSHOTS || fallback
}
