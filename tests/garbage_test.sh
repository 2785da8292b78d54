#!/usr/bin/env bash
# 100 MB files, generated here (never committed): random bytes, zeros, and garbage built
# to pass a format's sniff (ONNX text, GraphDef text, protobuf bombs whose 2-byte fields
# each cost protobuf ~100 bytes). Each must be refused with exit 3 and one line, fast, in
# memory bounded by a small multiple of the file (time and peak RSS from /usr/bin/time).
set -u
GG="$PWD/graphgen/graphgen"
T="${TEST_TMPDIR:-$(mktemp -d)}"
MB=104857600
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# One MiB of the two-byte field "\x0a\x00" (an empty NodeDef, or ONNX's empty GraphProto
# node), repeated to 100 MiB.
printf '\x0a\x00%.0s' $(seq 524288) >"$T/block"
repeat_block() { for _ in $(seq 100); do cat "$T/block"; done; }

head -c $MB /dev/urandom >"$T/random.bin"
head -c $MB /dev/zero >"$T/zeros.onnx"
{ printf '<'; head -c $MB /dev/zero | tr '\0' 'a'; } >"$T/one_token.onnxtxt"
{ printf 'node {'; head -c $MB /dev/zero | tr '\0' '{'; } >"$T/braces.pbtxt"
repeat_block >"$T/empty_nodes.pb"
# ModelProto: ir_version 8, then a graph whose length claims 100 MiB and a bit more.
{ printf '\x08\x08\x3a\x80\x80\x80\x32'; repeat_block; } >"$T/graph_too_long.onnx"

# Sanitized builds (--config=asan, ubsan) run several times slower: scale the time limits.
slow=1
[ -n "${GRAPHGEN_SANITIZED:-}" ] && slow=5

# check FILE MAX_SECONDS WANT_SUBSTRING: exit 3, one stderr line, in time, RSS < 3x file.
check() {
  local f="$1" max_s="$2" want="$3"
  /usr/bin/time -o "$T/time" -f '%e %M' "$GG" "$T/$f" -o "$T/out.svg" >/dev/null 2>"$T/err"
  local code=$?
  read -r secs kb < <(tail -1 "$T/time")  # after "Command exited with ..."
  echo "$f: exit $code, ${secs} s, $((kb / 1024)) MB peak: $(cut -c1-150 "$T/err")"
  [ "$code" = 3 ] || fail "$f: exit $code, want 3"
  [ "$(wc -l <"$T/err")" = 1 ] || fail "$f: want one stderr line"
  grep -qF -- "$want" "$T/err" || fail "$f: stderr lacks '$want'"
  awk -v s="$secs" -v m="$max_s" -v k="$slow" 'BEGIN { exit !(s < m * k) }' || fail "$f: took $secs s, limit $max_s s"
  [ "$kb" -lt $((3 * MB / 1024)) ] || fail "$f: peak RSS $((kb / 1024)) MB, over 3x the file"
  [ ! -e "$T/out.svg" ] || fail "$f: wrote an output"
}

# No format claims these: refused from their first 4 KiB, never read whole.
check random.bin 0.5 "unknown model format"
check zeros.onnx 0.5 "unknown model format"
# These pass a sniff and are read whole: one pass over 100 MB. The limits are generous
# for an unoptimised build on a loaded machine; -c opt runs each in about 0.2 s.
check one_token.onnxtxt 3 "(raise it with --max-name-bytes)"
check braces.pbtxt 3 "GraphDef text does not parse: line 1, column 7"
check empty_nodes.pb 3 "(raise it with --max-nodes)"
check graph_too_long.onnx 3 "(raise it with --max-nodes)"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all garbage refused"
