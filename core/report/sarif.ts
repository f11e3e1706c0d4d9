import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Finding, RunReport, Severity } from '../model/types.js'
import { httpLink, markdownLinkTarget } from '../security/url.js'

export interface SarifOptions {
  /** The repository root: artifact URIs are relative to it (GitHub code scanning needs that). */
  root: string
  /** Rule descriptions by id (from the plugins' meta); without one, the rule id and first message are used. */
  rules?: Record<string, { description: string; docs?: string }>
  /**
   * Where findings without a file (a live server, a URL) are shown, e.g. the config file; GitHub code
   * scanning drops results without a location. Default: such results carry no location.
   */
  defaultFile?: string
  /** `runAutomationDetails.id`: tells GitHub which analysis this is when several upload SARIF. */
  category?: string
}

/** GitHub's limit per run; past it the upload is rejected. */
export const MAX_SARIF_RESULTS = 25_000

/** What a SARIF file leaves out past GitHub's limit; null when it holds every finding. */
export function sarifTruncation(
  report: Pick<RunReport, 'findings'>,
): { total: number; omitted: number } | null {
  const total = report.findings.length
  return total > MAX_SARIF_RESULTS ? { total, omitted: total - MAX_SARIF_RESULTS } : null
}

/** The sentence a truncated SARIF file carries, and the CLI's warning. */
export function sarifTruncationNote(truncation: { total: number; omitted: number }): string {
  const count = (n: number) => n.toLocaleString('en-US')
  return `SARIF holds ${count(MAX_SARIF_RESULTS)} of ${count(truncation.total)} findings (GitHub code scanning's limit per run): ${count(truncation.omitted)} left out, the least severe first; report.json has them all.`
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
}

/**
 * The report's findings, of every plugin, as SARIF 2.1.0 for GitHub code scanning: one run, one rule per
 * rule id with descriptions and help from its docs URL, results with repository-relative URIs, full
 * regions and a `primaryLocationLineHash` that survives lines moving.
 */
export function renderSarif(report: RunReport, options: SarifOptions): string {
  const root = resolve(options.root)
  // Past GitHub's limit, the most severe findings are kept (the sort is stable), and the run says so.
  const truncation = sarifTruncation(report)
  const findings = truncation
    ? [...report.findings]
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        .slice(0, MAX_SARIF_RESULTS)
    : report.findings
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort()
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]))
  const lines = new LineReader(root)
  const occurrences = new Map<string, number>()

  const rules = ruleIds.map((id) => {
    const first = findings.find((f) => f.ruleId === id) as Finding
    const known = options.rules?.[id]
    // Only an http(s) docs URL becomes a link (helpUri, the help's Markdown); anything else is dropped.
    const docs = httpLink(known?.docs) ?? httpLink(first.docs)
    const docsTarget = markdownLinkTarget(docs)
    const description = known?.description ?? `${first.plugin}: ${id}`
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: firstSentence(description) },
      fullDescription: { text: known ? description : first.message },
      ...(docs ? { helpUri: docs } : {}),
      help: {
        text: docs ? `${description}\nDocumentation: ${docs}` : description,
        markdown: docs
          ? `${escapeMd(description)}\n\n[Documentation of ${escapeMd(id)}](${docsTarget})`
          : escapeMd(description),
      },
      defaultConfiguration: { level: LEVELS[first.severity] },
      properties: { tags: [first.plugin] },
    }
  })

  const results = findings.map((finding) => {
    const file = finding.file ?? options.defaultFile
    const result: Record<string, unknown> = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
    }
    if (!file) return result
    const { uri, inside } = artifactUri(root, file)
    const line = finding.file ? (finding.line ?? 1) : 1
    const region: Record<string, number> = { startLine: line }
    if (finding.file && finding.column !== undefined) region.startColumn = finding.column
    if (finding.file && finding.endLine !== undefined) region.endLine = finding.endLine
    if (finding.file && finding.endColumn !== undefined) region.endColumn = finding.endColumn
    result.locations = [
      {
        physicalLocation: {
          artifactLocation: inside ? { uri, uriBaseId: '%SRCROOT%' } : { uri },
          region,
        },
      },
    ]
    // The line's text, not its number: the fingerprint stays when lines above it are added or removed.
    const text = inside ? lines.line(uri, line) : undefined
    const base = hash(`${finding.ruleId}\0${uri}\0${text?.trim() ?? `${line}\0${finding.message}`}`)
    const n = (occurrences.get(base) ?? 0) + 1
    occurrences.set(base, n)
    result.partialFingerprints = { primaryLocationLineHash: `${base}:${n}` }
    return result
  })

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: /^\d+\.\d+\.\d+/.test(report.tool.version) ? report.tool.version : undefined,
        informationUri: 'https://github.com/perfgate/perfgate',
        rules,
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root + sep).href } },
    results,
    columnKind: 'utf16CodeUnits',
  }
  if (truncation) {
    const text = sarifTruncationNote(truncation)
    run.invocations = [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          { level: 'warning', message: { text }, descriptor: { id: 'perfgate/sarif-truncated' } },
        ],
      },
    ]
    run.properties = { truncated: { results: MAX_SARIF_RESULTS, ...truncation } }
  }
  if (options.category)
    run.automationDetails = { id: options.category.endsWith('/') ? options.category : `${options.category}/` }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

/** A path relative to the root with `/` (URI-encoded), or a file: URI when it is outside the root. */
function artifactUri(root: string, file: string): { uri: string; inside: boolean } {
  const absolute = isAbsolute(file) ? file : resolve(root, file)
  const rel = relative(root, absolute)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    return { uri: pathToFileURL(absolute).href, inside: false }
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), inside: true }
}

class LineReader {
  private files = new Map<string, string[] | undefined>()
  constructor(private readonly root: string) {}
  line(uri: string, line: number): string | undefined {
    if (!this.files.has(uri)) {
      try {
        this.files.set(uri, readFileSync(resolve(this.root, decodeURIComponent(uri)), 'utf8').split('\n'))
      } catch {
        this.files.set(uri, undefined)
      }
    }
    return this.files.get(uri)?.[line - 1]
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

/** `cache/html-short-ttl` → `CacheHtmlShortTtl` (SARIF's optional readable name). */
function ruleName(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('')
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/)
  return end > 0 ? text.slice(0, end + 1) : text
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1')
}
