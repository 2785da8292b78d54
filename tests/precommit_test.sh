#!/usr/bin/env bash
# graphgen as a pre-commit hook, end to end with the real `pre-commit` tool, offline, in a
# temporary git repository: commit a model and its diagrams, change the model and watch
# the hook refuse the commit naming the stale diagrams, run `graphgen update`, commit.
# Runs both README snippets: `repo: local`, and graphgen's .pre-commit-hooks.yaml through
# a repository path. Skips (and says so) where pre-commit or git is not installed.
set -u
ROOT="$PWD"
T="${TEST_TMPDIR:-$(mktemp -d)}"
for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is not installed (Debian package $tool); hook not tested"
    exit 0
  fi
done
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Everything the hook sees comes from here: graphgen on PATH, a private HOME and cache.
mkdir -p "$T/bin" "$T/home"
ln -sf "$ROOT/graphgen/graphgen" "$T/bin/graphgen"
export PATH="$T/bin:/usr/bin:/bin" HOME="$T/home" PRE_COMMIT_HOME="$T/pre-commit-cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE="2024-01-01T00:00:00Z"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
git config --global user.name "graphgen test"
git config --global user.email "test@example.invalid"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# The README's snippets: the first ```yaml block under "As a pre-commit hook" (repo:
# local), and the second (graphgen's own hooks through its repository).
snippet() {  # N: the Nth yaml block of that section
  awk -v want="$1" '
    /^## / { in_section = ($0 ~ /^## As a pre-commit hook/) }
    in_section && /^```yaml/ { n++; if (n == want) { on = 1; next } }
    on && /^```/ { exit }
    on { print }' "$ROOT/README.md"
}
snippet 1 >"$T/local.yaml"
snippet 2 >"$T/remote.yaml"
grep -q 'repo: local' "$T/local.yaml" || fail "README lacks the repo: local snippet"
grep -q 'id: graphgen-check' "$T/remote.yaml" || fail "README lacks the hook-repo snippet"

# graphgen's hook definitions, served from a local git repository instead of the network.
mkdir -p "$T/graphgen-repo"
cp "$ROOT/.pre-commit-hooks.yaml" "$T/graphgen-repo/"
git -C "$T/graphgen-repo" init -q
git -C "$T/graphgen-repo" add .pre-commit-hooks.yaml
git -C "$T/graphgen-repo" commit -qm hooks
rev="$(git -C "$T/graphgen-repo" rev-parse HEAD)"
# The README says "repo: https://..." and "rev: ..."; point them at the local copy.
sed -e "s|repo: .*|repo: $T/graphgen-repo|" -e "s|rev: .*|rev: $rev|" "$T/remote.yaml" \
  >"$T/remote-local.yaml"

# The user's project: a model, its graphgen.json, diagrams written by graphgen update.
U="$T/project"
mkdir -p "$U/models"
cd "$U" || exit 1
git init -q
cp "$ROOT/fixtures/mlp.onnxtxt" models/mlp.onnxtxt
cat >graphgen.json <<'JSON'
{
  "diagrams": [
    {"model": "models/mlp.onnxtxt", "outputs": ["docs/mlp.svg", "docs/mlp.png"],
     "options": {"rankdir": "LR"}}
  ]
}
JSON
mkdir -p docs
graphgen update >"$T/out" 2>&1 || fail "graphgen update failed: $(cat "$T/out")"
[ -s docs/mlp.svg ] && [ -s docs/mlp.png ] || fail "graphgen update wrote no diagrams"
cp "$T/remote-local.yaml" .pre-commit-config.yaml
pre-commit install >"$T/out" 2>&1 || fail "pre-commit install: $(cat "$T/out")"
git add -A
git commit -qm "model and diagrams" >"$T/commit1" 2>&1 || fail "first commit refused: $(cat "$T/commit1")"
grep -q 'graphgen diagrams are current.*Passed' "$T/commit1" ||
  fail "the hook did not run on the first commit: $(cat "$T/commit1")"

# fc2 narrows from 128 to 64 units.
sed -i 's/128/64/g' models/mlp.onnxtxt
git add models/mlp.onnxtxt
head_before="$(git rev-parse HEAD)"
if git commit -qm "narrower fc2" >"$T/commit2" 2>&1; then
  fail "a commit with stale diagrams went through"
fi
[ "$(git rev-parse HEAD)" = "$head_before" ] || fail "HEAD moved"
for d in docs/mlp.svg docs/mlp.png; do
  grep -q "graphgen: $d: stale: model changed: 2 nodes changed (body.fc2.gemm, head.gemm), 1 node with new shapes (body.fc2.act)" "$T/commit2" ||
    fail "the hook's output does not name $d and why: $(cat "$T/commit2")"
done
grep -q "2 of 2 diagrams are stale; \`graphgen update\` rewrites them" "$T/commit2" ||
  fail "no summary line: $(cat "$T/commit2")"

graphgen update >"$T/update" 2>&1 || fail "graphgen update: $(cat "$T/update")"
grep -q "graphgen: updated docs/mlp.svg: model changed" "$T/update" ||
  fail "update did not say what it rewrote: $(cat "$T/update")"
git add docs
git commit -qm "narrower fc2" >"$T/commit3" 2>&1 || fail "commit after update refused: $(cat "$T/commit3")"
[ "$(git rev-parse HEAD)" != "$head_before" ] || fail "no commit after graphgen update"

# The repo: local snippet behaves the same.
cp "$T/local.yaml" .pre-commit-config.yaml
git add .pre-commit-config.yaml
pre-commit run --all-files >"$T/run1" 2>&1 || fail "local hook fails on a current repo: $(cat "$T/run1")"
sed -i 's/<transB = 1> (x,/<transB = 1, alpha = 2.0> (x,/' models/mlp.onnxtxt
if pre-commit run --all-files >"$T/run2" 2>&1; then fail "local hook passed a stale diagram"; fi
grep -q "graphgen: docs/mlp.svg: stale: model changed: 1 node changed (body.fc1.gemm)" "$T/run2" ||
  fail "local hook output: $(cat "$T/run2")"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "pre-commit hook: passes, fails on a stale diagram naming it, passes after update"
