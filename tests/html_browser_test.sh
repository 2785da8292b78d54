#!/usr/bin/env bash
# The HTML page in a real browser (issue 24): Debian's chromium, headless and offline,
# opens pages graphgen wrote for fixtures. The page's script must run (its CSP hash
# matches), log nothing to the console, draw every box, and find boxes by search
# ("page.html#search=conv" runs a search on load and marks the body with the count).
# A screenshot of each page goes to the test's undeclared outputs to look at.
# Skips (and says so) where chromium is not installed. Tagged "browser".
set -u
GG="$PWD/graphgen/graphgen"
FIX="$PWD/fixtures"
T="${TEST_TMPDIR:-$(mktemp -d)}"
OUT="${TEST_UNDECLARED_OUTPUTS_DIR:-$T}"
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROMIUM" ]; then
  echo "SKIPPED: chromium is not installed (Debian package chromium); pages not opened"
  exit 0
fi
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A private profile and HOME; --no-sandbox because tests may run as root, where chromium's
# own sandbox refuses to start (Bazel's sandbox still holds it).
browse() {  # URL ARGS...: chromium's stdout; its log in $T/log
  local url="$1"
  shift
  HOME="$T/home" timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-dev-shm-usage --no-first-run --disable-extensions --disable-sync \
    --user-data-dir="$T/profile" --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
    "$@" "$url" 2>"$T/log"
}
# What the page wrote on its <body>: data-gg-NAME.
body_attr() { grep -o "<body[^>]*>" "$T/dom" | grep -o "data-gg-$1=\"[^\"]*\"" | cut -d'"' -f2; }

mkdir -p "$T/home" "$T/pages"
check_page() {  # MODEL QUERY: the page for MODEL, searched for QUERY
  local model="$1" query="$2" page
  page="$T/pages/$(basename "$model").html"
  "$GG" "$model" -o "$page" 2>>"$T/graphgen.err" || {
    fail "graphgen $model -o .html failed: $(tail -1 "$T/graphgen.err")"
    return
  }
  browse "file://$page#search=$query" --dump-dom >"$T/dom"
  [ "$(body_attr ready)" = 1 ] || fail "$(basename "$model"): the page's script did not finish"
  if grep -E "CONSOLE|Refused to|Uncaught" "$T/log" >"$T/console"; then
    fail "$(basename "$model"): console says: $(head -3 "$T/console")"
  fi
  local boxes
  boxes=$(grep -c '<g class="node"' "$page")
  [ "$(body_attr boxes)" = "$boxes" ] || fail "$(basename "$model"): $(body_attr boxes) boxes drawn of $boxes"
  [ "$(body_attr width)" -gt 50 ] 2>/dev/null || fail "$(basename "$model"): the SVG has width '$(body_attr width)'"
  local matches
  matches=$(body_attr matches)
  [ "${matches:-0}" -gt 0 ] || fail "$(basename "$model"): search '$query' found '${matches}'"
  grep -q 'class="node gg-match gg-current"' "$T/dom" || fail "$(basename "$model"): no current match marked"
  # A search that matches nothing says 0.
  browse "file://$page#search=no-such-box-here" --dump-dom >"$T/dom"
  [ "$(body_attr matches)" = 0 ] || fail "$(basename "$model"): a search for nothing found '$(body_attr matches)'"
  # A link to an edge pins it: the panel names its tensor and, for a typed edge, its kind.
  local edge kind
  edge=$(grep -o '"id":"edge[0-9]*","kind":"[a-z]*"' "$page" | head -1)
  [ -n "$edge" ] || edge=$(grep -o '"id":"edge[0-9]*"' "$page" | head -1)
  kind=$(echo "$edge" | sed -n 's/.*"kind":"\([a-z]*\)"/\1/p')
  edge=$(echo "$edge" | cut -d'"' -f4)
  browse "file://$page#pin=$edge" --dump-dom >"$T/dom"
  grep -q '<aside id="gg-info" class="gg-panel" aria-live="polite"><div class="gg-pin">pinned' \
    "$T/dom" || fail "$(basename "$model"): #pin=$edge pinned no panel"
  grep -q "<td>kind</td><td>${kind:-data}</td>" "$T/dom" ||
    fail "$(basename "$model"): the panel of $edge does not say kind ${kind:-data}"
  grep -q 'class="edge gg-pinned"' "$T/dom" || fail "$(basename "$model"): $edge not marked pinned"
  browse "file://$page#side&search=$query" --window-size=1400,900 --hide-scrollbars \
    --screenshot="$OUT/$(basename "$model").png" >/dev/null
  [ -s "$OUT/$(basename "$model").png" ] || fail "$(basename "$model"): no screenshot"
  echo "ok: $(basename "$model"): $boxes boxes, '$query' found $matches, $edge (${kind:-data}) pinned"
}

check_page "$FIX/unet_small.onnxtxt" conv
check_page "$FIX/fold/transformer_seq2seq6.onnx" attention
check_page "$FIX/mlp.onnxtxt" GEMM

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all HTML pages work in chromium"
