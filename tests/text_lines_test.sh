#!/usr/bin/env bash
# Text outputs fit the tools they are piped into (issue 23): the README's
# `graphgen model.onnx -o - | dot -Tpng > model.png` draws a big model (Graphviz 2.43
# silently drew nothing once a line passed ~16 KB, and the per-node hashes of a
# 650-node model made one), no line of DOT, SVG, groups JSON or the summary is long, and
# --check still reads the wrapped provenance. Graphviz's `dot` is the Debian package
# graphviz; without it the pipe is skipped, saying so, and the rest still runs.
set -u
GG="$PWD/graphgen/graphgen"
FOLD="$PWD/fixtures/fold"
T="${TEST_TMPDIR:-$(mktemp -d)}"
MAX=1024
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# longest FILE: the length in bytes of FILE's longest line.
longest() { LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }

# Two generated models: ResNet-152 (362 nodes) and a 29,944-node transformer, whose
# model-nodes provenance alone is 750 KB.
for model in resnet152 transformer30k; do
  m="$FOLD/$model.onnx"
  for opts in "" "--depth all --fold off"; do
    # shellcheck disable=SC2086  # $opts is a list of flags
    dot_file="$T/$model${opts:+_all}.dot"
    "$GG" "$m" -o "$dot_file" $opts 2>/dev/null || fail "$model $opts: DOT failed"
    files=("$dot_file")
    if [ -z "$opts" ]; then
      "$GG" "$m" -o "$T/$model.svg" --groups-json "$T/$model.json" 2>/dev/null ||
        fail "$model: SVG failed"
      "$GG" "$m" --summary >"$T/$model.txt" 2>/dev/null || fail "$model: --summary failed"
      files+=("$T/$model.svg" "$T/$model.json" "$T/$model.txt")
    fi
    for f in "${files[@]}"; do
      n=$(longest "$f")
      [ "$n" -le "$MAX" ] || fail "$model $opts: $(basename "$f") has a $n-byte line (limit $MAX)"
    done
  done
  grep -q "^// model-nodes: " "$T/$model.dot" || fail "$model.dot: no model-nodes comment"
  grep -q '<graphgen:value name="model-nodes">' "$T/$model.svg" || fail "$model.svg: no model-nodes"
  # The provenance reads back: current files check clean, a changed option is named.
  for ext in dot svg; do
    "$GG" --check "$m" -o "$T/$model.$ext" 2>"$T/err" || fail "$model.$ext: --check: $(cat "$T/err")"
    "$GG" --check "$m" -o "$T/$model.$ext" --rankdir LR 2>"$T/err"
    [ $? = 1 ] && grep -q "options changed: rankdir TB -> LR" "$T/err" ||
      fail "$model.$ext: --check --rankdir LR: $(cat "$T/err")"
  done
done

# The README's pipe, with the real dot.
if command -v dot >/dev/null; then
  "$GG" "$FOLD/transformer30k.onnx" -o - 2>/dev/null | dot -Tpng >"$T/pipe.png"
  status=("${PIPESTATUS[@]}")
  [ "${status[0]}" = 0 ] && [ "${status[1]}" = 0 ] || fail "graphgen -o - | dot -Tpng: exit ${status[*]}"
  size=$(stat -c %s "$T/pipe.png")
  [ "$size" -gt 1000 ] || fail "graphgen -o - | dot -Tpng wrote a $size-byte PNG"
  head -c 8 "$T/pipe.png" | od -An -c | grep -q 'P   N   G' || fail "dot did not write a PNG"
  # A 20 KB name is continued over lines inside its quoted string; dot reads it whole.
  long=$(head -c 20000 /dev/zero | tr '\0' 'n')
  printf '<ir_version: 8, opset_import: ["" : 17]>\ng (float[1,4] x) => (float[1,4] y) {\n  [%s] y = Relu (x)\n}\n' \
    "$long" >"$T/long.onnxtxt"
  "$GG" "$T/long.onnxtxt" -o "$T/long.dot" --max-name-bytes 30000 2>/dev/null || fail "long name: DOT failed"
  dot -Tsvg "$T/long.dot" >"$T/long.svg" || fail "dot refused the long name's DOT"
  grep -q "xlink:title=\"$long" "$T/long.svg" || fail "dot lost the long name"
else
  echo "SKIPPED: dot is not installed (Debian package graphviz); the pipe is not tested"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "text outputs: all lines at most $MAX bytes; the dot pipe draws"
