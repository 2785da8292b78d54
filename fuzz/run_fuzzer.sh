#!/usr/bin/env bash
# `bazel run --config=fuzz //fuzz:NAME -- [libFuzzer flags]`: fuzzes NAME with a working
# corpus kept in the workspace (.fuzz/NAME/corpus, seeded from the fixtures and
# fuzz/regressions/NAME on every run) and writes crashes to .fuzz/NAME/findings/.
# Arguments from Bazel: BINARY NAME SEED... -- USER_FLAGS...
set -euo pipefail
bin="$1"
name="$2"
shift 2
seeds=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  seeds+=("$1")
  shift
done
[ "$#" -gt 0 ] && shift
root="${FUZZ_DIR:-${BUILD_WORKSPACE_DIRECTORY:-${TMPDIR:-/tmp}}/.fuzz}/$name"
mkdir -p "$root/corpus" "$root/findings"
for s in "${seeds[@]}"; do
  # Content-named, so reseeding never duplicates an input.
  cp -f "$s" "$root/corpus/seed-$(sha1sum "$s" | cut -c1-16)"
done
exec "$bin" -artifact_prefix="$root/findings/" -rss_limit_mb=2048 -timeout=10 \
  -max_len=65536 "$@" "$root/corpus"
