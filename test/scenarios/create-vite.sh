#!/usr/bin/env bash
# The gate as a new user meets it: a fresh create-vite React + TypeScript app, perfgate installed from the
# packed tarball, the config `perfgate init` writes plus perfgate/vite, a baseline saved on main, then
# pull requests: a harmless copy change (REPEAT times) and lodash + moment imported whole.
# Prints exit codes and line counts. Needs the npm registry and Debian's chromium.
#   bash test/scenarios/create-vite.sh            (REPEAT=10 KEEP=1 to keep the folder)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REPEAT=${REPEAT:-10}
WORK=$(mktemp -d /tmp/perfgate-scenario-XXXXXX)
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}
export CI=true
unset GITHUB_BASE_REF GITHUB_HEAD_REF
log() { printf '\n### %s\n' "$*"; }
quiet() { "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; return 1; }; }

log "pack perfgate"
(cd "$ROOT" && quiet npm run build && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL=$(ls "$WORK"/perfgate-*.tgz)

log "create-vite react-ts app, install, git with a bare origin"
cd "$WORK"
quiet npx --yes create-vite@9.3.0 app --template react-ts --no-interactive --no-immediate
cd app
quiet npm install --no-audit --no-fund
quiet npm install -D --no-audit --no-fund "$TARBALL"
git init -q -b main
git config user.name scenario && git config user.email scenario@example.invalid
git init -q --bare -b main "$WORK/origin.git"
git remote add origin "$WORK/origin.git"

log "perfgate init + perfgate/vite, as the README says"
npx perfgate init | tail -3
python3 - <<'PY'
import re
p='vite.config.ts'
s=open(p).read()
s=s.replace("import react from '@vitejs/plugin-react'", "import react from '@vitejs/plugin-react'\nimport perfgate from 'perfgate/vite'")
s=re.sub(r"plugins: \[react\(\)\]", "plugins: [react(), perfgate()]", s)
open(p,'w').write(s)
PY
grep -n perfgate vite.config.ts
grep -qx '.perfgate/' .gitignore && echo ".gitignore has .perfgate/ (perfgate init added it)" || echo "WARNING: perfgate init did not add .perfgate/ to .gitignore"
git add -A && git commit -q -m "app" && git push -q origin main

log "first run on main (saves the baseline)"
quiet npm run build
set +e
npx perfgate run --save-baseline >"$WORK/first.txt" 2>"$WORK/first.err"; first=$?
set -e
echo "exit $first; terminal $(wc -l <"$WORK/first.txt") lines (+$(wc -l <"$WORK/first.err") on stderr); report.md $(wc -l <.perfgate/report.md) lines"
cp .perfgate/report.json "$WORK/first.json"; cp .perfgate/report.md "$WORK/first.md"

pr() { # name, then a command that edits the app
  local name=$1; shift
  git checkout -q main && git checkout -q -B "$name"
  "$@"
  git add -A && git commit -q -m "$name"
  quiet npm run build
  set +e
  GITHUB_BASE_REF=main npx perfgate run >"$WORK/$name.txt" 2>"$WORK/$name.err"; local code=$?
  set -e
  cp .perfgate/report.md "$WORK/$name.md"; cp .perfgate/report.json "$WORK/$name.json"
  echo "$name: exit $code; terminal $(wc -l <"$WORK/$name.txt") lines; comment $(wc -l <"$WORK/$name.md") lines; regressions $(node -e 'console.log(require(process.argv[1]).summary.regressions)' "$WORK/$name.json")"
  return $code
}

log "harmless pull request: one word of copy, $REPEAT times"
failed=0
for i in $(seq 1 "$REPEAT"); do
  pr harmless sed -i "s/Edit <code>/Change <code>/; s/Change <code>/Edit$i <code>/" src/App.tsx || failed=$((failed + 1))
done
echo "harmless: failed $failed of $REPEAT"

log "a large dependency: lodash + moment imported whole"
add_deps() {
  quiet npm install --no-audit --no-fund lodash moment @types/lodash
  sed -i "1i import _ from 'lodash'\nimport moment from 'moment'" src/App.tsx
  sed -i "s#</h1>#</h1><p>{_.capitalize(moment().format('dddd'))}</p>#" src/App.tsx
}
lodash=0; pr lodash add_deps || lodash=$?
echo "lodash: exit $lodash"
echo; echo "outputs in $WORK (KEEP=1 keeps them)"
