#!/usr/bin/env bash
# Outputs are replaced atomically (core/file_io.h): SIGKILL while graphgen writes a
# large output leaves the old file intact, byte for byte; and a normal error exit while
# writing (a file size limit) leaves no temp file beside the output.
set -u
GG="$PWD/graphgen/graphgen"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A chain of 10,000 Relu nodes with 1.5 KB names: a 17 MB DOT file.
N=10000
long=$(head -c 1500 /dev/zero | tr '\0' 'n')
{
  echo '<ir_version: 8, opset_import: ["" : 17]>'
  echo "big (float[1,4] t0) => (float[1,4] t$N) {"
  for i in $(seq 1 $N); do echo "  [$long$i] t$i = Relu (t$((i - 1)))"; done
  echo '}'
} >"$T/big.onnxtxt"
old="$T/out/old.dot"
mkdir -p "$T/out"
printf 'digraph old { a -> b; }\n' >"$T/old.dot"

# Kill graphgen the moment its temp file appears beside the output, i.e. while it writes.
caught=0
for attempt in 1 2 3; do
  cp "$T/old.dot" "$old"
  rm -f "$T"/out/old.dot.tmp.*
  "$GG" "$T/big.onnxtxt" --no-shape-inference --fold off --depth all -o "$old" 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if compgen -G "$T/out/old.dot.tmp.*" >/dev/null; then
      kill -KILL "$pid"
      break
    fi
    sleep 0.005
  done
  wait "$pid" 2>/dev/null
  status=$?
  if [ "$status" = 137 ]; then
    caught=$((caught + 1))
    cmp -s "$T/old.dot" "$old" || fail "attempt $attempt: SIGKILL while writing changed the old output"
    # A killed process cannot clean up; its temp file is the only trace, and it is not the output.
    compgen -G "$T/out/old.dot.tmp.*" >/dev/null || fail "attempt $attempt: killed, but no temp file: was it writing?"
  else
    # It finished first: then the output is the whole new file.
    tail -c 2 "$old" | grep -q '}' || fail "attempt $attempt: finished output is incomplete"
  fi
done
[ "$caught" -ge 1 ] || fail "no attempt killed graphgen while it was writing"
echo "killed mid-write $caught of 3 times; the old output survived each time"

# A normal error exit mid-write: a 1 MiB file size limit makes write() fail with EFBIG
# (SIGXFSZ ignored, so graphgen sees the error). Exit 4, old file intact, no temp file.
cp "$T/old.dot" "$old"
rm -f "$T"/out/old.dot.tmp.*
(ulimit -f 1024; trap '' XFSZ; exec "$GG" "$T/big.onnxtxt" --no-shape-inference --fold off --depth all -o "$old") 2>"$T/err"
code=$?
[ "$code" = 4 ] || fail "write past the file size limit: exit $code, want 4 ($(cat "$T/err"))"
grep -q 'File too large' "$T/err" || fail "error line does not say why: $(cat "$T/err")"
cmp -s "$T/old.dot" "$old" || fail "a failed write changed the old output"
compgen -G "$T/out/old.dot.tmp.*" >/dev/null && fail "a failed write left a temp file: $(ls "$T/out")"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "outputs are replaced atomically"
