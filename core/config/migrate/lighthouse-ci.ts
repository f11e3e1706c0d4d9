import {
  FINDING_AUDITS,
  GONE_METRICS,
  LHCI_DOCS,
  METRIC_AUDITS,
  PRESET_METRICS,
} from './lighthouse-audits.js'
import { type Note, translateCollect } from './lighthouse-ci-collect.js'
import { type FormFactor, hasScoreCurve, limitForScore } from './lighthouse-scores.js'
import { isRecord, type KeyPath, keyName, type SourceFile } from './source.js'
import { addBudget, type BudgetLine, emptyMigration, type Migration } from './types.js'

// Lighthouse CI (`lighthouserc.*`): `ci.collect` becomes lighthousePlugin's options, `ci.assert`
// (preset and assertions) becomes budgets on the Lighthouse metrics perfgate has. perfgate measures the
// performance category only, and has no per-audit score budget: everything else is listed.

type Assertion = { level: 'off' | 'warn' | 'error'; options: Record<string, unknown> }

export function fromLighthouseCi(src: SourceFile): Migration {
  const m = emptyMigration('lighthouse-ci', src.file)
  const note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) =>
    m[list].push({ file: src.file, key: keyName(path), line: src.lineOf(path), why })
  const ci = isRecord(src.value) && isRecord(src.value.ci) ? src.value.ci : null
  if (!ci) {
    note('untranslated', [], 'no `ci` object: not a Lighthouse CI config')
    return m
  }
  for (const key of Object.keys(ci))
    if (!['collect', 'assert', 'upload', 'server', 'wizard'].includes(key))
      note('untranslated', ['ci', key], 'not a Lighthouse CI section perfgate knows')
  const collect = isRecord(ci.collect) ? ci.collect : {}
  const settings = isRecord(collect.settings) ? collect.settings : {}
  const formFactor: FormFactor =
    settings.preset === 'desktop' || settings.formFactor === 'desktop' ? 'desktop' : 'mobile'
  const staticDistDir = translateCollect(collect, formFactor, m, note)
  if (isRecord(ci.assert)) translateAssert(ci.assert, formFactor, staticDistDir, m, note)
  if (m.budgets.some((b) => !b.disabled))
    m.budgetMode = {
      value: 'absolute',
      from: 'Lighthouse CI fails whenever an assertion fails; remove for perfgate’s default (a limit the base branch already misses fails only when the change makes it worse)',
    }
  if (isRecord(ci.upload))
    note(
      'untranslated',
      ['ci', 'upload'],
      `perfgate keeps each run on its baseline branch (perfgate-baselines) and uploads report.html as a workflow artifact; no report server or public storage (${LHCI_DOCS})`,
    )
  if (ci.server !== undefined)
    note('untranslated', ['ci', 'server'], 'the LHCI server has no perfgate counterpart')
  return m
}

function normalize(value: unknown): Assertion | null {
  const level = Array.isArray(value) ? value[0] : value
  if (level !== 'off' && level !== 'warn' && level !== 'error') return null
  const options = Array.isArray(value) && isRecord(value[1]) ? value[1] : {}
  return { level, options }
}

function translateAssert(
  assert: Record<string, unknown>,
  formFactor: FormFactor,
  staticDistDir: string | null,
  m: Migration,
  note: Note,
) {
  const preset = typeof assert.preset === 'string' ? assert.preset : null
  const own = isRecord(assert.assertions) ? assert.assertions : {}
  if (preset) {
    const metrics = PRESET_METRICS[preset]
    if (!metrics)
      note('untranslated', ['ci', 'assert', 'preset'], `"${preset}" is not a Lighthouse CI preset`)
    else {
      // Everything the preset asserts but the metrics: accessibility, SEO, best practices and audit scores.
      note(
        'untranslated',
        ['ci', 'assert', 'preset'],
        `${preset} asserts the scores of many audits (accessibility, best practices, SEO, performance diagnostics): perfgate has no per-audit score budget; failed performance audits are reported as lighthouse/<audit> findings`,
      )
      for (const [audit, level] of Object.entries(metrics)) {
        if (audit in own || level === 'off') continue
        translateOne(audit, { level, options: {} }, ['ci', 'assert', 'preset'], `${preset}: ${audit}`)
      }
    }
  }
  for (const key of ['assertMatrix', 'budgetsFile', 'budgetPath'])
    if (assert[key] !== undefined)
      note(
        'untranslated',
        ['ci', 'assert', key],
        key === 'assertMatrix'
          ? 'per-URL assertions: perfgate budgets are per metric id or glob (lighthouse/<page>/lcp); write them per page by hand'
          : 'Lighthouse budgets.json is not read; write its limits as budgets',
      )
  const defaultAggregation = typeof assert.aggregationMethod === 'string' ? assert.aggregationMethod : null
  if (defaultAggregation && defaultAggregation !== 'median')
    note(
      'notes',
      ['ci', 'assert', 'aggregationMethod'],
      `${defaultAggregation}: perfgate judges budgets on the median of the runs`,
    )
  for (const [key, value] of Object.entries(own)) {
    const path: KeyPath = ['ci', 'assert', 'assertions', key]
    const assertion = normalize(value)
    if (!assertion) {
      note('untranslated', path, `not an assertion (${JSON.stringify(value)})`)
      continue
    }
    if (assertion.level === 'off') continue
    // `minScore: 0` alone passes whatever the audit says: there is nothing to check.
    const opts = Object.keys(assertion.options).filter((k) => k !== 'aggregationMethod')
    if (opts.length === 1 && assertion.options.minScore === 0) continue
    translateOne(key, assertion, path, keyName(path))
  }

  function translateOne(key: string, a: Assertion, path: KeyPath, from: string) {
    const [audit, ...props] = key.split(/[:.]/).filter(Boolean)
    const opts = a.options
    const aggregation = typeof opts.aggregationMethod === 'string' ? opts.aggregationMethod : null
    const push = (line: Omit<BudgetLine, 'from' | 'disabled'>, how: string) => {
      addBudget(m, {
        ...line,
        from: `${from}${how ? ` (${how})` : ''}`,
        ...(a.level === 'warn' ? { disabled: 'warn in Lighthouse CI: a perfgate budget fails the run' } : {}),
      })
      if (aggregation && aggregation !== 'median')
        note(
          'notes',
          [...path, 'aggregationMethod'],
          `${aggregation}: perfgate judges budgets on the median of the runs`,
        )
    }
    if (audit === 'categories') {
      const category = props[0]
      if (category !== 'performance') {
        note('untranslated', path, `the ${category} category: perfgate measures performance only`)
        return
      }
      const minScore = typeof opts.minScore === 'number' ? opts.minScore : 0.9
      if (minScore > 0)
        push({ id: 'lighthouse/*/score', min: Math.round(minScore * 100) }, `minScore ${minScore}`)
      return
    }
    if (audit === 'resource-summary') {
      translateResource(props, opts, path, push)
      return
    }
    if (audit === 'network-requests' && typeof opts.maxLength === 'number') {
      push({ id: 'lighthouse/*/requests', max: opts.maxLength }, `maxLength ${opts.maxLength}`)
      return
    }
    const metric = METRIC_AUDITS[audit]
    if (metric) {
      const id = `lighthouse/*/${metric}`
      if (props.length > 0)
        note('untranslated', path, `the audit property ${props.join('.')} has no perfgate metric`)
      else if (typeof opts.maxNumericValue === 'number')
        push({ id, max: opts.maxNumericValue }, `maxNumericValue ${opts.maxNumericValue}`)
      else if (typeof opts.maxLength === 'number')
        note(
          'untranslated',
          path,
          'maxLength counts the audit’s detail rows; perfgate budgets the metric itself',
        )
      else {
        const minScore = typeof opts.minScore === 'number' ? opts.minScore : 0.9
        const limit = hasScoreCurve(audit) ? limitForScore(audit, formFactor, minScore) : null
        if (limit !== null)
          push(
            { id, max: roundLimit(metric, limit) },
            `minScore ${minScore} = ${roundLimit(metric, limit)} on Lighthouse's ${formFactor} scoring curve`,
          )
      }
      return
    }
    if (audit in GONE_METRICS) note('untranslated', path, `no perfgate metric: ${GONE_METRICS[audit]}`)
    else if (FINDING_AUDITS.has(audit))
      note(
        'untranslated',
        path,
        `no budget: perfgate reports a failed ${audit} as the warning finding lighthouse/${audit}`,
      )
    else note('untranslated', path, 'no perfgate metric or finding for this audit')
  }

  function translateResource(
    props: string[],
    opts: Record<string, unknown>,
    path: KeyPath,
    push: (line: Omit<BudgetLine, 'from' | 'disabled'>, how: string) => void,
  ) {
    const [type, what] = props
    const max = typeof opts.maxNumericValue === 'number' ? opts.maxNumericValue : null
    if (max === null) {
      note('untranslated', path, 'a resource-summary assertion without maxNumericValue')
      return
    }
    if (type === 'total' && what === 'size')
      return push({ id: 'lighthouse/*/bytes', max }, `maxNumericValue ${max}`)
    if (type === 'total' && what === 'count')
      return push({ id: 'lighthouse/*/requests', max }, `maxNumericValue ${max}`)
    if ((type === 'script' || type === 'stylesheet') && what === 'size') {
      if (!staticDistDir) {
        note(
          'untranslated',
          path,
          `perfgate's Lighthouse metrics have no per-type transfer size, and bundle/initial-${type === 'script' ? 'js' : 'css'} needs the built folder (staticDistDir)`,
        )
        return
      }
      m.bundle ??= { options: { dir: staticDistDir, compression: 'gzip' }, comments: [] }
      const id = `bundle/initial-${type === 'script' ? 'js' : 'css'}/gzip`
      push({ id, max }, `maxNumericValue ${max}`)
      note(
        'notes',
        path,
        `as ${id}: the ${type === 'script' ? 'JavaScript' : 'CSS'} the built HTML loads before any interaction, gzip -9 (Lighthouse CI summed what the page transferred, lazy chunks included)`,
      )
      return
    }
    note('untranslated', path, `no perfgate metric for the ${type ?? '?'} ${what ?? '?'} of a page`)
  }
}

/** ms and bytes as integers, CLS to three decimals. */
function roundLimit(metric: string, value: number): number {
  return metric === 'cls' ? Math.floor(value * 1000) / 1000 : Math.floor(value)
}
