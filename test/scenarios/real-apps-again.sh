#!/usr/bin/env bash
# Measures one pull request of a kept real-apps.sh folder N times more, at the defaults: how often a real
# regression is caught (issue 28: the 500 ms start-up block and the 3 ms slower handler, N ≥ 10 each,
# ≥ 9 of 10), or how often a harmless one passes, and what each run cost.
#   bash test/scenarios/real-apps-again.sh /tmp/perfgate-real-XXXXXX spa block500 10
# Prints one line per run (exit code, wall time, rounds a side, regressed metrics) and a summary.
# MODE=stored runs the same pull request against the stored baseline instead (the comparison's cost).
# FIRST=K numbers the runs from K (their output files too), so alternating calls with N=1 keep every run.
# ONLY=bundle runs one plugin: for a cause only its exact figures show (lodash + moment in the bundle).
# The last report's first why part of each regressed metric: node test/scenarios/why-first.cjs <report.json>…
set -euo pipefail
WORK=${1:?the folder real-apps.sh kept (KEEP=1)} APP=${2:?spa or api} BRANCH=${3:?the pull request branch} N=${4:-10}
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}
export CI=true
unset GITHUB_BASE_REF GITHUB_HEAD_REF GITHUB_EVENT_NAME
cd "$WORK/$APP"
# A build may write files another branch tracks (generated icons): untracked, not ignored, they go.
git clean -fdq && git checkout -q "$BRANCH"
npm run build --if-present >/dev/null 2>&1
failed=0 total=0
FIRST=${FIRST:-1}
for i in $(seq "$FIRST" $((FIRST + N - 1))); do
  rm -f .perfgate/report.json # a run that writes none must not be read as the last one
  t0=$SECONDS code=0
  if [[ ${MODE:-ab} == stored ]]; then args=(run); else args=(run --ab main); fi
  [[ -n ${ONLY:-} ]] && args+=(--only "$ONLY")
  npx perfgate "${args[@]}" >"$WORK/$APP-$BRANCH-again-$i.txt" 2>"$WORK/$APP-$BRANCH-again-$i.err" || code=$?
  secs=$((SECONDS - t0))
  cp .perfgate/report.json "$WORK/$APP-$BRANCH-again-$i.json" 2>/dev/null || true
  facts=$(node -e '
    const r = require(process.argv[1])
    const bad = r.metrics.filter((m) => m.verdict === "regressed").map((m) => m.id)
    const rounds = (r.findings.find((f) => f.ruleId === "ab/sampling")?.message.match(/measured (\d+) rounds/) ?? [])[1]
    console.log(`rounds a side ${rounds ?? "?"}; regressed [${bad.join(", ")}]`)
  ' "$PWD/.perfgate/report.json" 2>/dev/null || echo "no report.json")
  echo "$APP $BRANCH run $i: exit $code, ${secs} s; $facts"
  total=$((total + 1)); [[ $code == 1 ]] && failed=$((failed + 1))
done
git clean -fdq && git checkout -q main
echo "$APP $BRANCH (${MODE:-ab}): exit 1 (failed the gate) in $failed of $total runs"
