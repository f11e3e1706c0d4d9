// What one source config (Lighthouse CI, size-limit, a GitHub workflow) translates into: perfgate's
// plugin options, budgets and thresholds, what the generated workflow needs, and every key that has no
// equivalent. The renderers turn a merged Migration into perfgate.config.ts and .github/workflows/perfgate.yml.

export type Tool = 'lighthouse-ci' | 'size-limit' | 'github-action-benchmark' | 'compressed-size-action'

/** A key of the source that was not translated (or translated with a difference worth checking). */
export interface SourceNote {
  /** The source file, relative to the project folder. */
  file: string
  /** The key in the source, dotted: `ci.assert.assertions.interactive`, `[2].import`, `jobs.bench.steps[3].with.tool`. */
  key: string
  /** 1-based line of the key, where the file format has lines (JSON, YAML); absent for executed JS configs. */
  line?: number
  why: string
}

/** One budget line of the written config. */
export interface BudgetLine {
  id: string
  max?: number
  min?: number
  /** Where it came from, written as a trailing comment. */
  from: string
  /** Written commented out (e.g. a Lighthouse CI `warn` assertion: perfgate budgets always fail). */
  disabled?: string
}

export interface ImportLine {
  format: 'github-action-benchmark' | 'vitest' | 'hyperfine'
  file: string
  name?: string
  better?: 'lower' | 'higher'
  from: string
}

/** A workflow step, as the YAML object it is written as. */
export type WorkflowStep = Record<string, unknown>

export interface WorkflowHints {
  /** Steps copied from the source job that produce files perfgate reads (benchmark results). */
  steps?: WorkflowStep[]
  /** Job-level keys of the source job the copied steps need (`runs-on`, `container`, `env`, `strategy` …). */
  job?: Record<string, unknown>
  /** Install and build commands that replace the defaults from the lockfile and package.json. */
  install?: string | null
  build?: string | null
  /** Inputs of the perfgate Action (mode, pages-branch …), each with the reason as a comment. */
  actionInputs?: Record<string, { value: string; comment: string }>
  /** Set up Node and install the project (false for projects without package.json, whose steps do it). */
  node?: boolean
}

export interface Migration {
  tool: Tool
  /** The source file, relative to the project folder. */
  source: string
  lighthouse?: { options: Record<string, unknown>; comments: string[] }
  bundle?: { options: Record<string, unknown>; comments: string[] }
  bench?: { imports: ImportLine[] }
  budgets: BudgetLine[]
  /** `compare.thresholds` by metric id or glob. */
  thresholds: Array<{ id: string; rel?: number; abs?: number; from: string }>
  sizeFloor?: { value: number; from: string }
  budgetMode?: { value: 'absolute'; from: string }
  failOn?: { value: 'regression' | 'budget' | 'none'; from: string }
  workflow: WorkflowHints
  untranslated: SourceNote[]
  /** Translated, but differently enough to check (a unit, a page path, a measured folder). */
  notes: SourceNote[]
}

export function emptyMigration(tool: Tool, source: string): Migration {
  return { tool, source, budgets: [], thresholds: [], workflow: {}, untranslated: [], notes: [] }
}

/** Adds a budget; two sources of the same id keep the stricter limit, and say which was dropped. */
export function addBudget(m: Migration, line: BudgetLine) {
  const same = m.budgets.find((b) => b.id === line.id && Boolean(b.disabled) === Boolean(line.disabled))
  if (!same) {
    m.budgets.push(line)
    return
  }
  const stricter =
    (line.max !== undefined && (same.max === undefined || line.max < same.max)) ||
    (line.min !== undefined && (same.min === undefined || line.min > same.min))
  if (stricter) {
    same.max = line.max ?? same.max
    same.min = line.min ?? same.min
    same.from = `${line.from}; stricter than ${same.from}`
  } else same.from = `${same.from}; stricter than ${line.from}`
}
