import { bundleTarget } from './bundle-paths.js'
import { isBenchmarkStep, isCheckout, isCompressedSize } from './github-action-benchmark.js'
import { isRecord, type KeyPath, keyName, type SourceFile } from './source.js'
import { emptyMigration, type Migration, type WorkflowStep } from './types.js'

// preactjs/compressed-size-action: its pattern's built folder becomes bundlePlugin's `dir`, its
// compression the one whose headline sizes gate, minimum-change-threshold perfgate's size floor, and its
// install and build scripts the workflow's. It only reports, so the config fails nothing (failOn: none).

/** compressed-size-action's defaults (action.yml of v2). */
const DEFAULT_PATTERN = '**/dist/**/*.js'
const DEFAULT_EXCLUDE = '{**/*.map,**/node_modules/**}'

const REPORTING: Record<string, string> = {
  'show-total': 'perfgate’s comment always shows the total (bundle/total)',
  'collapse-unchanged': 'perfgate’s comment lists unchanged rows collapsed, always',
  'omit-unchanged': 'perfgate’s comment lists unchanged rows collapsed, always',
  'sort-by': 'perfgate’s comment sorts regressions by size of change',
  'use-check': 'the perfgate Action posts a check run and a comment, always',
  'comment-key': 'perfgate keys its comment by folder and config file',
}

export function fromCompressedSizeAction(
  src: SourceFile,
  job: { id: string; value: Record<string, unknown> },
  index: number,
  cwd: string,
  runScript: (script: string) => string,
): Migration {
  const m = emptyMigration('compressed-size-action', src.file)
  const step = (job.value.steps as WorkflowStep[])[index]
  const inputs = isRecord(step.with) ? step.with : {}
  const at = (key?: string): KeyPath => ['jobs', job.id, 'steps', index, ...(key ? ['with', key] : [])]
  const note = (list: 'untranslated' | 'notes', path: KeyPath, why: string) =>
    m[list].push({ file: src.file, key: keyName(path), line: src.lineOf(path), why })

  const pattern = typeof inputs.pattern === 'string' ? inputs.pattern : DEFAULT_PATTERN
  const alternatives = topLevelAlternatives(pattern) > 1
  // `**/dist/**/*.js` matches dist folders at any depth: perfgate measures the one at the top.
  const anchored = pattern.replace(/^(\*\*\/)+/, '')
  const target = alternatives ? null : bundleTarget(anchored, cwd)
  if (!target || 'reason' in target)
    note(
      'untranslated',
      at('pattern'),
      `${pattern}: ${target && 'reason' in target ? target.reason : 'several folders; a perfgate config measures one built folder'} (bundlePlugin is written with dir: 'dist': set the folder your build writes)`,
    )
  else if (anchored !== pattern)
    note(
      'notes',
      at('pattern'),
      `${pattern} matches ${target.dir} folders at any depth; perfgate measures ./${target.dir}`,
    )
  const dir = target && !('reason' in target) ? target.dir : 'dist'
  if (target && !('reason' in target) && target.metric !== 'bundle/total')
    note(
      'notes',
      at('pattern'),
      `perfgate measures every file in ${dir} (per file, and ${target.metric.replace('bundle/', '')} among the totals); only the headline totals gate`,
    )

  const compression = inputs.compression === undefined ? 'gzip' : String(inputs.compression)
  const options: Record<string, unknown> = { dir }
  if (compression === 'gzip') options.compression = 'gzip'
  else if (compression === 'none')
    note(
      'untranslated',
      at('compression'),
      'perfgate gates brotli or gzip sizes; raw sizes are detail rows (compare.roles can make them count)',
    )
  else if (compression !== 'brotli')
    note('untranslated', at('compression'), `"${compression}" is not gzip, brotli or none`)
  m.bundle = { options, comments: [] }

  const threshold = inputs['minimum-change-threshold']
  if (threshold !== undefined) {
    const bytes = Number(threshold)
    if (Number.isFinite(bytes) && bytes >= 0)
      m.sizeFloor = {
        value: bytes,
        from: `${keyName(at('minimum-change-threshold'))}: smaller changes are unchanged`,
      }
    else
      note('untranslated', at('minimum-change-threshold'), `"${String(threshold)}" is not a number of bytes`)
  }
  if (inputs.exclude !== undefined && inputs.exclude !== DEFAULT_EXCLUDE)
    note(
      'untranslated',
      at('exclude'),
      'bundlePlugin has no exclude: it never counts source maps, and measures the rest of the folder',
    )
  if (inputs['strip-hash'] !== undefined)
    note(
      'notes',
      at('strip-hash'),
      'perfgate strips content hashes from file names itself (docs/bundle.md, hash-free names)',
    )
  if (inputs['clean-script'] !== undefined)
    note(
      'untranslated',
      at('clean-script'),
      'perfgate builds once and compares with the stored baseline of the base branch',
    )
  for (const [key, why] of Object.entries(REPORTING))
    if (inputs[key] !== undefined) note('untranslated', at(key), why)
  if (inputs.cwd !== undefined)
    note(
      'notes',
      at('cwd'),
      `run perfgate init --from in ${String(inputs.cwd)}: the workflow gets working-directory from where it runs`,
    )

  const build = typeof inputs['build-script'] === 'string' ? inputs['build-script'] : 'build'
  m.workflow.build = build.startsWith('-') ? null : runScript(build)
  if (build.startsWith('-'))
    note('notes', at('build-script'), `"${build}": no build step is written (the install builds, as it did)`)
  if (typeof inputs['install-script'] === 'string') m.workflow.install = inputs['install-script']
  // The steps before it set up the toolchain (pnpm, Node, Rust …) the install and build need.
  const before = (job.value.steps as WorkflowStep[])
    .slice(0, index)
    .filter((s) => !isCheckout(s) && !isBenchmarkStep(s) && !isCompressedSize(s))
  m.workflow.steps = before
  if (before.some((s) => /^actions\/setup-node@/.test(String(s.uses ?? '')))) m.workflow.node = false
  m.failOn = {
    value: 'none',
    from: "compressed-size-action only reported sizes; 'regression' fails a pull request that grows the bundle past the thresholds",
  }
  return m
}

/** How many alternatives a pattern wrapped whole in braces has (`{a/**,b/**}` → 2); 1 otherwise. */
function topLevelAlternatives(pattern: string): number {
  if (!pattern.startsWith('{')) return 1
  let depth = 0
  let count = 1
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0 && i !== pattern.length - 1) return 1
    } else if (c === ',' && depth === 1) count++
  }
  return count
}
