import { addBudget, type Migration } from './types.js'

// Several --from files make one config: their plugins, budgets and workflow needs are joined. A second
// Lighthouse config or a second built folder cannot be: perfgate runs one plugin of each kind.

const FAIL_ORDER = ['none', 'budget', 'regression'] as const

export function mergeMigrations(migrations: Migration[]): Migration {
  const [first, ...rest] = migrations
  const out: Migration = {
    ...first,
    budgets: [],
    thresholds: [...first.thresholds],
    workflow: { ...first.workflow, steps: [...(first.workflow.steps ?? [])] },
    untranslated: [...first.untranslated],
    notes: [...first.notes],
    ...(first.bench ? { bench: { imports: [...first.bench.imports] } } : {}),
  }
  for (const b of first.budgets) addBudget(out, { ...b })
  for (const m of rest) {
    const dropped = (what: string, why: string) =>
      out.untranslated.push({ file: m.source, key: '(file)', why: `${what}: ${why}` })
    if (m.lighthouse) {
      if (out.lighthouse)
        dropped('its Lighthouse settings', `the config already audits pages as ${out.source} says`)
      else out.lighthouse = m.lighthouse
    }
    if (m.bundle) {
      const dir = out.bundle?.options.dir
      if (out.bundle && dir !== m.bundle.options.dir)
        dropped(
          `bundle folder ${String(m.bundle.options.dir)}`,
          `a config measures one built folder, here ${String(dir)}`,
        )
      else if (!out.bundle) out.bundle = m.bundle
    }
    if (m.bench) out.bench = { imports: [...(out.bench?.imports ?? []), ...m.bench.imports] }
    for (const b of m.budgets) addBudget(out, { ...b })
    out.thresholds.push(...m.thresholds)
    out.sizeFloor ??= m.sizeFloor
    out.budgetMode ??= m.budgetMode
    if (
      m.failOn &&
      (!out.failOn || FAIL_ORDER.indexOf(m.failOn.value) > FAIL_ORDER.indexOf(out.failOn.value))
    )
      out.failOn = m.failOn
    const w = out.workflow
    w.steps = [...(w.steps ?? []), ...(m.workflow.steps ?? [])]
    if (w.install === undefined) w.install = m.workflow.install
    if (w.build === undefined) w.build = m.workflow.build
    if (m.workflow.node === false) w.node = false
    w.job = { ...m.workflow.job, ...w.job }
    w.actionInputs = { ...m.workflow.actionInputs, ...w.actionInputs }
    out.untranslated.push(...m.untranslated)
    out.notes.push(...m.notes)
  }
  return out
}
