#!/usr/bin/env bash
# The gate as a new user meets it on two real public projects nobody here wrote, at the defaults a newcomer
# gets, in the default pull-request mode (A/B, as the Action runs it on pull_request):
#   spa  it-at-m/sitzverteilung's frontend (Vue 3 + Vuetify + vite-plugin-pwa, an npm lockfile; its main
#        already misses the spa preset's Lighthouse budgets on a 2-core machine)
#   api  w3cj/express-api-starter (Express 5, routes /, /api/v1, /api/v1/emojis; a pnpm lockfile, so npm i)
# Each: perfgate installed from the packed tarball, `perfgate init`, a baseline saved on main (a push), then
# pull requests: harmless edits (REPEAT times) and real regressions. Prints per pull request the exit code,
# wall time, comment lines and the regressed metrics, so the closing note's figures come from one run.
#   spa-inp  the same SPA with a Lighthouse user flow on main (open the calculation editor, as init's skeleton
#        says), then two pull requests, once each: a 200 ms slower click handler (inp-slow) and a harmless
#        footer text (inp-harmless); real-apps-again.sh runs them again
#   SPA_SRC=/path API_SRC=/path bash test/scenarios/real-apps.sh [spa|spa-inp|api|both]   (KEEP=1 keeps the folder)
# SPA_SRC / API_SRC: the two projects' sources (e.g. `git archive` of fetched mirrors). Needs the npm registry
# and Debian's chromium. The SPA pins Node 22 with engine-strict: relaxed here (this machine has Node 20).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WHICH=${1:-both}
REPEAT=${REPEAT:-3}
WORK=$(mktemp -d /tmp/perfgate-real-XXXXXX)
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}
export CI=true
unset GITHUB_BASE_REF GITHUB_HEAD_REF GITHUB_EVENT_NAME
log() { printf '\n### %s\n' "$*"; }
quiet() { "$@" >"$WORK/last.log" 2>&1 || { tail -40 "$WORK/last.log"; return 1; }; }
RESULTS="$WORK/results.txt"

log "pack perfgate"
(cd "$ROOT" && quiet npm run build && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL=$(ls "$WORK"/perfgate-*.tgz)

# project name, source folder: copy, install as the README says, git with a bare origin, init, baseline.
setup() {
  local name=$1 src=$2
  log "$name: copy $src, install, perfgate init"
  mkdir -p "$WORK/$name" && cp -a "$src/." "$WORK/$name/" && cd "$WORK/$name"
  rm -rf node_modules dist .git
  [[ -f .npmrc ]] && sed -i 's/^engine-strict=true/engine-strict=false/' .npmrc
  # As the API's README says: its start script reads .env.
  if [[ -f .env.sample && ! -f .env ]]; then cp .env.sample .env; fi
  if [[ -f package-lock.json ]]; then quiet npm ci --no-audit --no-fund; else quiet npm install --no-audit --no-fund; fi
  quiet npm install -D --no-audit --no-fund "$TARBALL"
  # The README's CI step after `npm i -D perfgate`: the lockfile it leaves must pass npm ci.
  if npm ci --no-audit --no-fund >"$WORK/$name-ci.log" 2>&1; then echo "$name: npm ci after npm i -D perfgate: ok" | tee -a "$RESULTS"
  else echo "$name: npm ci after npm i -D perfgate: FAILED ($(grep -m1 -i 'missing\|error' "$WORK/$name-ci.log"))" | tee -a "$RESULTS"; fi
  # A folder taken out of a monorepo (the SPA) has its ignores in the root .gitignore: the same lines here,
  # or node_modules and dist would be committed and copied into every A/B base checkout.
  [[ -f .gitignore ]] || printf '%s\n' node_modules dist/ .vite '*.tsbuildinfo' cache/ .perfgate/ '*.tgz' >.gitignore
  git init -q -b main
  git config user.name scenario && git config user.email scenario@example.invalid
  git init -q --bare -b main "$WORK/$name-origin.git"
  git remote add origin "$WORK/$name-origin.git"
  npx perfgate init | tee "$WORK/$name-init.txt" | tail -8
  echo "--- perfgate.config.ts ---"; cat perfgate.config.*
  [[ -z ${BEFORE_COMMIT:-} ]] || "$BEFORE_COMMIT"
  git add -A && git commit -q -m "app" && git push -q origin main
  npx perfgate doctor >"$WORK/$name-doctor.txt" 2>&1 || true
  tail -6 "$WORK/$name-doctor.txt"
  log "$name: first run on main, a push (saves the baseline)"
  quiet npm run build --if-present
  local t0=$SECONDS code=0
  npx perfgate run --save-baseline >"$WORK/$name-main.txt" 2>"$WORK/$name-main.err" || code=$?
  echo "$name main: exit $code, $((SECONDS - t0)) s; terminal $(wc -l <"$WORK/$name-main.txt") lines" | tee -a "$RESULTS"
}

# name, label, then a command that edits the app: a pull request measured in the default PR mode.
pr() {
  local name=$1 label=$2; shift 2
  cd "$WORK/$name"
  git checkout -q main && git checkout -q -B "$label"
  "$@"
  git add -A && git commit -q -m "$label"
  quiet npm run build --if-present
  local t0=$SECONDS code=0
  npx perfgate run --ab main >"$WORK/$name-$label.txt" 2>"$WORK/$name-$label.err" || code=$?
  local secs=$((SECONDS - t0))
  cp .perfgate/report.md "$WORK/$name-$label.md" 2>/dev/null || true
  cp .perfgate/report.json "$WORK/$name-$label.json" 2>/dev/null || true
  local facts
  facts=$(node -e '
    const r = require(process.argv[1])
    const bad = r.metrics.filter((m) => m.verdict === "regressed").map((m) => m.id)
    const over = r.metrics.filter((m) => m.budget?.status === "exceeded" && !m.budget?.known).map((m) => m.id)
    const timings = r.metrics.filter((m) => m.baseline?.source === "same-job")
    const unchanged = timings.filter((m) => m.verdict === "unchanged").length
    console.log(`regressed [${bad.join(", ")}]; newly over budget [${over.join(", ")}]; same-job timings unchanged ${unchanged}/${timings.length}`)
  ' "$PWD/.perfgate/report.json" 2>/dev/null || echo "no report.json")
  echo "$name $label: exit $code, ${secs} s; comment $(wc -l <"$WORK/$name-$label.md" 2>/dev/null || echo 0) lines; $facts" | tee -a "$RESULTS"
  git checkout -q main
}

spa() {
  setup spa "${SPA_SRC:?set SPA_SRC to the sitzverteilung-frontend folder}"
  for i in $(seq 1 "$REPEAT"); do
    pr spa "harmless-$i" sed -i "s#<strong>Landeshauptstadt München - it@M</strong>#<strong>Landeshauptstadt München - it@M $i</strong>#" src/components/TheFooter.vue
  done
  block() { sed -i '1i const started = performance.now()\nwhile (performance.now() - started < 500) { /* a 500 ms start-up block */ }' src/main.ts; }
  pr spa block500 block
  deps() {
    quiet npm install --no-audit --no-fund lodash moment
    sed -i '1i import _ from "lodash";\nimport moment from "moment";\n(globalThis as Record<string, unknown>).perfgateScenario = _.capitalize(moment().format("dddd"));' src/main.ts
  }
  pr spa lodash-moment deps
  # The app's logo above the content, shown once its data arrives (600 ms after mount) and with no width
  # or height: the content below shifts down when it loads.
  unsized() {
    sed -i 's#      <v-container fluid>#      <img v-if="logoShown" src="/logo.png" alt="Sitzverteilung" style="max-width: 240px" />\n      <v-container fluid>#' src/App.vue
    sed -i 's#^usePWA();#import { onMounted, ref } from "vue";\nconst logoShown = ref(false);\nonMounted(() => setTimeout(() => (logoShown.value = true), 600));\nusePWA();#' src/App.vue
  }
  pr spa cls-image unsized
}

# The flow init's skeleton describes, done as its comment says: the presets line replaced by the commented
# one, with this app's selectors (the calculation page, a click on the toolbar button that opens the data
# editor, a snapshot).
add_flow() {
  node -e '
    const fs = require("node:fs"); const file = "perfgate.config.ts"
    const lines = fs.readFileSync(file, "utf8").split("\n")
    const from = lines.findIndex((l) => l.includes("Replace the presets line above"))
    const to = lines.findIndex((l, i) => i > from && l === "  // ],")
    if (from < 0 || to < 0) throw new Error("no flow skeleton in " + file)
    const flow = lines.slice(from + 1, to + 1).map((l) => l.replace("  // ", "  "))
      .join("\n").replace("name: \x27menu\x27", "name: \x27editor\x27").replace("navigate: \x27/\x27", "navigate: \x27/#/calculation\x27")
      .replace("page.click(\x27#menu\x27)", "page.click(\x27button ::-p-text(Ändern)\x27)")
    const presets = lines.findIndex((l) => /^  presets: \[spa\(/.test(l))
    if (presets < 0) throw new Error("no one-line presets in " + file)
    lines.splice(from - 1, to - from + 2)
    lines.splice(presets, 1, flow)
    fs.writeFileSync(file, lines.join("\n"))'
  echo "--- perfgate.config.ts with the flow ---"; cat perfgate.config.ts
}

spa_inp() {
  BEFORE_COMMIT=add_flow setup spa "${SPA_SRC:?set SPA_SRC to the sitzverteilung-frontend folder}"
  slower() {
    sed -i 's#^<script setup lang="ts">#<script setup lang="ts">\nfunction slowDown(): void {\n  const until = performance.now() + 200;\n  while (performance.now() < until) { /* a 200 ms slower click */ }\n}#' src/views/CalculationView.vue
    sed -i 's#@click="toggleExpansion()"#@click="slowDown(); toggleExpansion()"#' src/views/CalculationView.vue
    grep -q 'slowDown(); toggleExpansion()' src/views/CalculationView.vue
  }
  pr spa inp-slow slower
  pr spa inp-harmless sed -i 's#<strong>Landeshauptstadt München - it@M</strong>#<strong>Landeshauptstadt München - it@M (1)</strong>#' src/components/TheFooter.vue
}

api() {
  setup api "${API_SRC:?set API_SRC to the express-api-starter folder}"
  for i in $(seq 1 "$REPEAT"); do
    pr api "harmless-$i" sed -i "s/API - /API $i - /" src/api/index.js
  done
  slow() { sed -i 's#router.get("/", (req, res) => {#router.get("/", (req, res) => {\n  const until = performance.now() + 3; while (performance.now() < until) { /* 3 ms slower */ }#' src/api/emojis.js src/app.js src/api/index.js; }
  pr api slower-3ms slow
  errors() { sed -i 's#app.use(express.json());#app.use(express.json());\nlet served = 0;\napp.use((req, res, next) => (++served % 10 === 0 ? res.status(500).json({ error: "every tenth" }) : next()));#' src/app.js; }
  pr api errors-10pct errors
  # A bench file for the app's error middleware on main, then a pull request that makes a function it
  # calls slower: the bench task's breakdown must name that function.
  cd "$WORK/api" && git checkout -q main
  cat >src/middlewares.bench.js <<'BENCH'
import { errorHandler, notFound } from "./middlewares.js";

const res = { statusCode: 200, status(code) { this.statusCode = code; return this; }, json(body) { this.body = body; return this; } };
export default {
  "not found, then the error handler": () => {
    let error;
    res.statusCode = 200;
    notFound({ originalUrl: "/api/v1/missing" }, res, (e) => { error = e; });
    errorHandler(error, {}, res, () => {});
  },
};
BENCH
  git add -A && git commit -q -m "bench: the error middleware" && git push -q origin main
  slowfn() {
    node -e '
      const fs = require("node:fs"); const file = "src/middlewares.js"
      const text = fs.readFileSync(file, "utf8").replace("err.stack,", "cleanStack(err.stack),")
      fs.writeFileSync(file, text + "\nexport function cleanStack(stack) {\n  const lines = stack.split(\"\\n\");\n  for (let round = 0; round < 300; round++)\n    for (let i = 0; i < lines.length; i++) lines[i] = lines[i].replace(/\\s+at\\s+/, \" at \").trimEnd();\n  return lines.join(\"\\n\");\n}\n")'
  }
  pr api bench-slow slowfn
}

case $WHICH in
  spa) spa ;;
  spa-inp) spa_inp ;;
  api) api ;;
  both) spa; api ;;
  *) echo "usage: real-apps.sh [spa|spa-inp|api|both]" >&2; exit 2 ;;
esac
log "results"
cat "$RESULTS"
echo; echo "outputs in $WORK (KEEP=1 keeps them)"
