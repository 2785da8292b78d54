#!/usr/bin/env bash
# CI's fuzzing pass (issue 9): builds //fuzz with --config=fuzz (libFuzzer + ASan + UBSan)
# and runs every target for SECONDS (default 15) from its seeds and fuzz/regressions/.
# Any crash, sanitizer report, broken contract, leak, timeout (10 s per input) or
# out-of-memory (2 GiB) fails the run; the input that did it is left in
# $FUZZ_DIR/<target>/findings/ (default: a temporary directory, printed at the end).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
BAZEL="${BAZEL:-bazel}"
export FUZZ_DIR="${FUZZ_DIR:-$(mktemp -d)}"
mkdir -p "$FUZZ_DIR"
targets=(onnx_binary_fuzzer onnx_text_fuzzer graphdef_binary_fuzzer graphdef_text_fuzzer
         saved_model_fuzzer model_json_fuzzer tflite_fuzzer keras_archive_fuzzer
         import_any_fuzzer pipeline_fuzzer escape_fuzzer)

$BAZEL build --config=fuzz //fuzz/... || { echo "fuzz build failed"; exit 1; }
failed=()
for t in "${targets[@]}"; do
  echo "=== $t: ${seconds}s"
  if ! $BAZEL run --config=fuzz "//fuzz:$t" -- -max_total_time="$seconds" \
      -print_final_stats=1 2>"$FUZZ_DIR/$t.log"; then
    failed+=("$t")
    tail -40 "$FUZZ_DIR/$t.log"
  fi
  grep -E '^stat::number_of_executed_units|^(#[0-9]+ +DONE)' "$FUZZ_DIR/$t.log" | tail -2
done
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under $FUZZ_DIR/<target>/findings)"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, no finding"
