import picomatch from 'picomatch'
import { isRecord } from '../parse/data.js'
import type { FluentBitConfig, FluentBitSection } from '../parse/fluent-bit.js'
import { isPartial, type ScriptDocument } from '../parse/script.js'
import type { RuleReport } from '../rule.js'

type Report = (report: RuleReport) => void

/**
 * Fluent Bit: the `file` output has no rotation or retention setting (its parameters are path, file,
 * format, mkdir, workers), and a filesystem-buffered input queues chunks on disk for each output without
 * limit unless that output sets `storage.total_limit_size` (then the oldest chunks are dropped).
 */
export function fluentBitRetention(config: FluentBitConfig, report: Report): void {
  const inputs = config.sections.filter(
    (s) => s.name === 'INPUT' && s.get('storage.type')?.value.toLowerCase() === 'filesystem',
  )
  for (const output of config.sections.filter((s) => s.name === 'OUTPUT')) {
    const name = output.get('name')
    if (!name) continue
    if (name.value.toLowerCase() === 'file')
      report({
        messageId: 'fluentBitFile',
        loc: name.valueRange,
        data: { path: output.get('path')?.value ?? output.get('file')?.value ?? 'its working folder' },
      })
    if (output.get('storage.total_limit_size')) continue
    const input = inputs.find((i) => routes(i, output))
    if (input)
      report({
        messageId: 'fluentBitBuffer',
        loc: name.valueRange,
        data: {
          output: name.value,
          input: input.get('name')?.value ?? 'input',
          where: `${input.range.line}`,
        },
      })
  }
}

/** Whether an input's records reach an output: its Tag against Match/Match_Regex; no Tag, only `*`. */
function routes(input: FluentBitSection, output: FluentBitSection): boolean {
  const match = output.get('match')?.value
  const regex = output.get('match_regex')?.value
  const tag = input.get('tag')?.value
  if (match === '*') return true
  if (!tag || tag.includes('${')) return false
  if (match) return picomatch.isMatch(tag, match, { dot: true })
  if (regex)
    try {
      return new RegExp(regex).test(tag)
    } catch {
      return false
    }
  return false
}

/**
 * winston's File transport rotates only past `maxsize` and deletes only beyond `maxFiles`; the
 * DailyRotateFile transport removes nothing without `maxFiles` (a count, or days as `'14d'`).
 */
export function winstonRetention(
  doc: ScriptDocument,
  maxDays: number,
  days: (value: unknown) => number | null | undefined,
  report: Report,
): void {
  const options = doc.value
  if (doc.call !== 'winston-transport' || !isRecord(options) || 'stream' in options) return
  const has = (key: string) => key in options
  const known = (key: string) => !has(key) || options[key] !== undefined
  if (doc.transport === 'File') {
    if (isPartial(options) || !known('maxsize') || !known('maxFiles')) return
    if (has('maxsize') && has('maxFiles')) return
    report({
      messageId: 'winstonFile',
      loc: doc.locate(has('maxsize') ? ['maxsize'] : has('maxFiles') ? ['maxFiles'] : []),
      data: {
        what: has('maxsize')
          ? 'maxsize but no maxFiles: it rotates, and keeps every rotated file'
          : has('maxFiles')
            ? 'maxFiles but no maxsize: it never rotates, so maxFiles never applies'
            : 'neither maxsize nor maxFiles: one file that grows without end',
      },
    })
  } else if (doc.transport === 'DailyRotateFile') {
    if (!has('maxFiles')) {
      if (!isPartial(options)) report({ messageId: 'dailyRotateKeepsAll', loc: doc.locate([]) })
      return
    }
    const value = options.maxFiles
    if (typeof value !== 'string' || !/d$/i.test(value.trim())) return // a count of files, or computed
    const d = days(value)
    if (d !== undefined && d !== null && d > maxDays)
      report({
        messageId: 'tooLong',
        loc: doc.locate(['maxFiles']),
        data: { level: 'this DailyRotateFile transport', days: d, max: maxDays },
      })
  }
}
