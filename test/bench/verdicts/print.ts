// Tables of the simulation, in Markdown (docs/verdicts.md quotes them).
import { GRID_NOISE, NOISE } from './noise.js'
import {
  EFFECTS,
  emptyTally,
  FIXED_SIZES,
  MODES,
  PLANS,
  STOP_EFFECTS,
  STOP_RULES,
  type Tally,
  type UnitResult,
} from './simulate.js'

const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '–')
const fa = (t: Tally | undefined) => (t ? t.falseAlarms / t.unshifted : Number.NaN)
const det = (t: Tally | undefined) => (t ? t.detected / t.shifted : Number.NaN)
const unchanged = (t: Tally | undefined) => (t ? t.unchanged / t.unshifted : Number.NaN)
const failed = (t: Tally | undefined) => (t ? t.failedRuns / t.trials : Number.NaN)
const samples = (t: Tally | undefined) => (t ? (t.samples / t.trials).toFixed(1) : '–')
const MODE_LABEL: Record<string, string> = {
  'same-job': 'same job (A/B)',
  stored: 'stored, widened by history',
  'stored-raw': 'stored, no history',
  'stored-naive': 'stored, judged as same job',
}
const effectIndex = (shifted: number, shift: number) =>
  EFFECTS.findIndex((e) => e.shifted === shifted && e.shift === shift)

const share = (t: Tally | undefined, field: 'early' | 'allUnchanged' | 'earlyUnchanged') =>
  t ? t[field] / t.trials : Number.NaN

/** Same-job stopping rules: before/after this change, unpaired/paired, on every noise model. */
function printStopping(results: UnitResult[]): void {
  const find = (noise: number, effect: number, i: number) =>
    results.find((r) => r.kind === 'stop' && r.noise === noise && r.effect === effect)?.tallies[`stop${i}`]
  const lone10 = effectIndex(1, 0.1)
  const lone20 = effectIndex(1, 0.2)
  const many10 = effectIndex(10, 0.1)
  const cv5 = NOISE.findIndex((n) => n.name === 'lognormal CV 5 %')
  console.log('#### Stopping rules of same-job sampling (5→20 by 5): before vs after, unpaired vs paired\n')
  for (const [i, { label }] of STOP_RULES.entries()) {
    let worst = { rate: -1, where: '' }
    for (const [n, noise] of NOISE.entries())
      for (const e of STOP_EFFECTS) {
        const rate = fa(find(n, e, i))
        if (rate > worst.rate)
          worst = { rate, where: `${noise.name}, ${EFFECTS[e].shifted}× +${EFFECTS[e].shift * 100} %` }
      }
    console.log(
      `- ${label}: worst false alarms per metric ${pct(worst.rate, 2)} (${worst.where}; target ≤ 0.5 %); lone +10 % at CV 5 % caught ${pct(det(find(cv5, lone10, i)))} (target ≥ 90 %); rounds a side ${samples(find(cv5, 0, i))} harmless / ${samples(find(cv5, lone10, i))} lone +10 %; harmless runs stopped within 2 looks ${pct(share(find(cv5, 0, i), 'early'))}, unchanged per metric ${pct(unchanged(find(cv5, 0, i)))}, all timings unchanged ${pct(share(find(cv5, 0, i), 'allUnchanged'))}`,
    )
  }
  console.log(
    '\nFalse alarms: unshifted metrics called `regressed` (no-change runs; worst: over no change, lone +10 %, lone +20 %, 10× +10 %). Rounds: mean rounds a side. Stopped ≤ 2: harmless runs that stopped at look 1 or 2 (every metric decided or "not worse" by the stopping rule). Unchanged: harmless runs whose every timing ended `unchanged` (incl. the "not worse" verdict; "before" has no such verdict).\n',
  )
  console.log(
    '| noise | rule | false alarms | worst | runs failed | lone +10 % | lone +20 % | 10× +10 % | rounds (no change / lone +10 %) | stopped ≤ 2 looks | unchanged per metric | all unchanged | both |',
  )
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const [n, noise] of NOISE.entries())
    for (const [i, { label }] of STOP_RULES.entries()) {
      const nul = find(n, 0, i)
      const worstRate = Math.max(...STOP_EFFECTS.map((e) => fa(find(n, e, i))).filter(Number.isFinite))
      console.log(
        `| ${noise.name} | ${label} | ${pct(fa(nul), 2)} | ${pct(worstRate, 2)} | ${pct(failed(nul))} | ${pct(det(find(n, lone10, i)))} | ${pct(det(find(n, lone20, i)))} | ${pct(det(find(n, many10, i)))} | ${samples(nul)} / ${samples(find(n, lone10, i))} | ${pct(share(nul, 'early'))} | ${pct(unchanged(nul))} | ${pct(share(nul, 'allUnchanged'))} | ${pct(share(nul, 'earlyUnchanged'))} |`,
      )
    }
  console.log('')
}

export function printReport(results: UnitResult[]): void {
  printStopping(results)
  const find = (kind: string, noise: number, effect: number) =>
    results.find((r) => r.kind === kind && r.noise === noise && r.effect === effect)
  const grid = (noise: number, effect: number, key: string) => find('grid', noise, effect)?.tallies[key]
  const samplings = [...FIXED_SIZES.map((n) => `n${n}`), 'seq']
  const label = (s: string) => (s === 'seq' ? 'sequential 5→20' : `fixed ${s.slice(1)}`)

  // Targets first.
  const worst = (mode: string) => {
    let best = { rate: -1, where: '' }
    for (const i of GRID_NOISE)
      for (const [e, effect] of EFFECTS.entries())
        for (const s of samplings) {
          const rate = fa(grid(i, e, `${mode}|${s}`))
          if (rate > best.rate)
            best = {
              rate,
              where: `${NOISE[i].name}, ${label(s)}, ${effect.shifted} shifted by ${effect.shift * 100} %`,
            }
        }
    return best
  }
  const sameWorst = worst('same-job')
  const storedWorst = worst('stored')
  const rawWorst = worst('stored-raw')
  const naiveWorst = worst('stored-naive')
  const cv5 = NOISE.findIndex((n) => n.name === 'lognormal CV 5 %')
  const lone10 = effectIndex(1, 0.1)
  console.log(
    `- worst false-alarm rate per metric, same job (A/B), every cell: ${pct(sameWorst.rate, 2)} (${sameWorst.where}); target ≤ 1 %`,
  )
  console.log(
    `- worst false-alarm rate per metric, stored baseline widened by history: ${pct(storedWorst.rate, 2)} (${storedWorst.where})`,
  )
  console.log(
    `- worst false-alarm rate per metric, stored baseline without history (2× rule): ${pct(rawWorst.rate, 2)} (${rawWorst.where})`,
  )
  console.log(
    `- worst false-alarm rate per metric, stored baseline judged as if measured in the same job: ${pct(naiveWorst.rate, 2)} (${naiveWorst.where})`,
  )
  console.log(
    `- lone +10 % among 20 metrics at CV 5 %, same job: sequential ${pct(det(grid(cv5, lone10, 'same-job|seq')))} (target ≥ 90 %) with ${samples(grid(cv5, lone10, 'same-job|seq'))} samples a side; quiet runs use ${samples(grid(cv5, 0, 'same-job|seq'))}; fixed 10: ${pct(det(grid(cv5, lone10, 'same-job|n10')))}, fixed 20: ${pct(det(grid(cv5, lone10, 'same-job|n20')))}`,
  )

  console.log('\n#### perfgate, by noise, baseline and sampling\n')
  console.log(
    'False alarms = unshifted metrics called `regressed` (no-change runs; worst = over every effect); runs failed = no-change runs with any false alarm; unchanged = unshifted metrics called `unchanged`; detection = shifted metrics called `regressed`; samples = mean samples a side of the head (no change / lone +10 %).\n',
  )
  console.log(
    '| noise | baseline | sampling | false alarms | worst | runs failed | unchanged | lone +5 % | lone +10 % | lone +20 % | lone +50 % | 10× +10 % | 10× +20 % | samples |',
  )
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  GRID_NOISE.forEach((i) => {
    const noise = NOISE[i]
    for (const mode of MODES)
      for (const s of samplings) {
        const key = `${mode}|${s}`
        const nul = grid(i, 0, key)
        const worstRate = Math.max(...EFFECTS.map((_, e) => fa(grid(i, e, key))).filter(Number.isFinite))
        const d = (shifted: number, shift: number) => pct(det(grid(i, effectIndex(shifted, shift), key)))
        console.log(
          `| ${noise.name} | ${MODE_LABEL[mode]} | ${label(s)} | ${pct(fa(nul), 2)} | ${pct(worstRate, 2)} | ${pct(failed(nul))} | ${pct(unchanged(nul))} | ${d(1, 0.05)} | ${d(1, 0.1)} | ${d(1, 0.2)} | ${d(1, 0.5)} | ${d(10, 0.1)} | ${d(10, 0.2)} | ${samples(nul)} / ${samples(grid(i, lone10, key))} |`,
        )
      }
  })

  console.log('\n#### Peers on the same data (fixed sampling)\n')
  console.log(
    "github-action-benchmark: alert when the mean is ≥ 200 % of the baseline's; 5 %: median more than 5 % above the baseline's; Bencher: t-test threshold, upper boundary 0.99, over the means of the 10 earlier base-branch jobs (the same in both baseline columns). Each: false alarms / lone +10 % / lone +50 %.\n",
  )
  console.log('| noise | baseline | n | perfgate | 200 % rule | 5 % rule | Bencher t-test |')
  console.log('|---|---|---:|---|---|---|---|')
  const lone50 = effectIndex(1, 0.5)
  GRID_NOISE.forEach((i) => {
    const noise = NOISE[i]
    for (const mode of MODES.filter((m) => m === 'same-job' || m === 'stored'))
      for (const n of FIXED_SIZES) {
        const key = `${mode}|n${n}`
        const peer = (e: number) => find('grid', i, e)?.peers[key]
        const rates = (field: 'ratio200' | 'fixed5' | 'bencher') => {
          const p0 = peer(0)
          const p1 = peer(lone10)
          const p5 = peer(lone50)
          if (!p0 || !p1 || !p5) return '–'
          return `${pct(p0[field][0] / p0.unshifted, 2)} / ${pct(p1[field][1] / p1.shifted)} / ${pct(p5[field][1] / p5.shifted)}`
        }
        const own = `${pct(fa(grid(i, 0, key)), 2)} / ${pct(det(grid(i, lone10, key)))} / ${pct(det(grid(i, lone50, key)))}`
        console.log(
          `| ${noise.name} | ${MODE_LABEL[mode]} | ${n} | ${own} | ${rates('ratio200')} | ${rates('fixed5')} | ${rates('bencher')} |`,
        )
      }
  })

  console.log(
    '\n#### Interval: Hodges–Lehmann (exact) vs the former bootstrap of the median ratio (same job)\n',
  )
  console.log('| noise | n | interval | false alarms | lone +10 % | unchanged |')
  console.log('|---|---:|---|---:|---:|---:|')
  for (const r of results.filter((x) => x.kind === 'rules' && x.effect === 0)) {
    const shifted = find('rules', r.noise, lone10)
    for (const n of [10, 20])
      for (const rule of ['hl', 'bootstrap'] as const) {
        const key = `${rule}|n${n}`
        console.log(
          `| ${NOISE[r.noise].name} | ${n} | ${rule === 'hl' ? 'Hodges–Lehmann' : 'bootstrap'} | ${pct(fa(r.tallies[key]), 2)} | ${pct(det(shifted?.tallies[key]))} | ${pct(unchanged(r.tallies[key]))} |`,
        )
      }
  }

  console.log('\n#### Sequential plans (same job)\n')
  console.log(
    '| noise | plan | false alarms | runs failed | lone +10 % | samples (no change) | samples (lone +10 %) |',
  )
  console.log('|---|---|---:|---:|---:|---:|---:|')
  for (const r of results.filter((x) => x.kind === 'plans' && x.effect === 0)) {
    const shifted = find('plans', r.noise, lone10)
    PLANS.forEach((p, i) => {
      const nul = r.tallies[`plan${i}`] ?? emptyTally()
      const hit = shifted?.tallies[`plan${i}`]
      console.log(
        `| ${NOISE[r.noise].name} | ${p.label} | ${pct(fa(nul), 2)} | ${pct(failed(nul))} | ${pct(det(hit))} | ${samples(nul)} | ${samples(hit)} |`,
      )
    })
  }
}
