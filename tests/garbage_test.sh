#!/usr/bin/env bash
# 100 MB files, generated here (never committed): random bytes, zeros, and garbage built
# to pass a format's sniff (ONNX text, GraphDef text, protobuf bombs whose 2-byte fields
# each cost protobuf ~100 bytes). Each must be refused with exit 3 and one line, without
# writing anything, in memory bounded by a small multiple of the file (peak RSS from
# /usr/bin/time). As a test the time limit is only a hang guard; speed is measured by the
# same script as a benchmark: `bazel run -c opt //bench:garbage_bench` (argument --bench)
# prints seconds and peak MB per file against the target of well under a second.
set -u
bench=0
[ "${1:-}" = "--bench" ] && bench=1
# Under `bazel test`/`bazel run` the working directory is the runfiles tree; run straight
# from bazel-bin, the binary sits in the script's own runfiles.
GG="$PWD/graphgen/graphgen"
[ -x "$GG" ] || GG="$0.runfiles/graphgen/graphgen/graphgen"
if [ -n "${TEST_TMPDIR:-}" ]; then
  T="$TEST_TMPDIR"
else
  T="$(mktemp -d)"
  trap 'rm -rf "$T"' EXIT
fi
MB=104857600
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# One MiB of the two-byte field "\x0a\x00" (an empty NodeDef, or ONNX's empty GraphProto
# node), repeated to 100 MiB.
printf '\x0a\x00%.0s' $(seq 524288) >"$T/block"
repeat_block() { for _ in $(seq 100); do cat "$T/block"; done; }

# A first byte that starts no text format: 1 in ~100 random files begins with '{' (after
# blanks) and is rightly read as malformed JSON, which is not what this case checks.
{ printf '\200'; head -c $((MB - 1)) /dev/urandom; } >"$T/random.bin"
head -c $MB /dev/zero >"$T/zeros.onnx"
{ printf '<'; head -c $MB /dev/zero | tr '\0' 'a'; } >"$T/one_token.onnxtxt"
{ printf 'node {'; head -c $MB /dev/zero | tr '\0' '{'; } >"$T/braces.pbtxt"
repeat_block >"$T/empty_nodes.pb"
# ModelProto: ir_version 8, then a graph whose length claims 100 MiB and a bit more.
{ printf '\x08\x08\x3a\x80\x80\x80\x32'; repeat_block; } >"$T/graph_too_long.onnx"

# A hang guard, not a speed target: generous for sanitized builds on a loaded machine.
hang_s=60

# check FILE TARGET_SECONDS WANT_SUBSTRING: exit 3, one stderr line, RSS < 3x file; in
# --bench mode also prints the time against TARGET_SECONDS.
check() {
  local f="$1" target_s="$2" want="$3"
  /usr/bin/time -o "$T/time" -f '%e %M' "$GG" "$T/$f" -o "$T/out.svg" >/dev/null 2>"$T/err"
  local code=$?
  read -r secs kb < <(tail -1 "$T/time")  # after "Command exited with ..."
  if [ "$bench" = 1 ]; then
    printf '%-20s %6s s (target < %s s)  %5d MB peak  exit %s\n' "$f" "$secs" "$target_s" \
      $((kb / 1024)) "$code"
  else
    echo "$f: exit $code, ${secs} s, $((kb / 1024)) MB peak: $(cut -c1-150 "$T/err")"
  fi
  [ "$code" = 3 ] || fail "$f: exit $code, want 3"
  [ "$(wc -l <"$T/err")" = 1 ] || fail "$f: want one stderr line"
  grep -qF -- "$want" "$T/err" || fail "$f: stderr lacks '$want'"
  awk -v s="$secs" -v m="$hang_s" 'BEGIN { exit !(s < m) }' || fail "$f: took $secs s (hang guard $hang_s s)"
  [ "$kb" -lt $((3 * MB / 1024)) ] || fail "$f: peak RSS $((kb / 1024)) MB, over 3x the file"
  [ ! -e "$T/out.svg" ] || fail "$f: wrote an output"
}

# No format claims these: refused from their first 4 KiB, never read whole.
check random.bin 0.5 "unknown model format"
check zeros.onnx 0.5 "unknown model format"
# These pass a sniff and are read whole: one pass over 100 MB.
check one_token.onnxtxt 1 "(raise it with --max-name-bytes)"
check braces.pbtxt 1 "GraphDef text does not parse: line 1, column 7"
check empty_nodes.pb 1 "(raise it with --max-nodes)"
check graph_too_long.onnx 1 "(raise it with --max-nodes)"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all garbage refused"
