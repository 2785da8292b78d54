#!/usr/bin/env bash
# The command line as a user meets it: every documented exit code with its one error
# line, outputs never clobbered by a failure, stdout output, and byte-identical files
# across runs, locales and timezones.
set -u
GG="$PWD/graphgen/graphgen"
FIX="$PWD/fixtures"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE STDERR_SUBSTRING ARGS... : runs graphgen, checks the exit code and that
# stderr is exactly one line containing the substring (empty substring: no stderr).
expect() {
  local code="$1" want="$2"
  shift 2
  "$GG" "$@" >"$T/out" 2>"$T/err"
  local got=$?
  [ "$got" = "$code" ] || fail "graphgen $*: exit $got, want $code ($(cat "$T/err"))"
  if [ -z "$want" ]; then
    [ ! -s "$T/err" ] || fail "graphgen $*: unexpected stderr: $(cat "$T/err")"
  else
    grep -qF -- "$want" "$T/err" || fail "graphgen $*: stderr lacks '$want': $(cat "$T/err")"
    [ "$(wc -l <"$T/err")" = 1 ] || fail "graphgen $*: want one stderr line, got: $(cat "$T/err")"
  fi
}

# 0: success, in every format, from binary and text.
expect 0 "" "$FIX/unet_small.onnx" -o "$T/u.svg"
expect 0 "" "$FIX/unet_small.onnxtxt" -o "$T/u.png" --dpi 50
expect 0 "" "$FIX/unet_small.onnx" -o "$T/u.pdf"
expect 0 "" "$FIX/unet_small.onnx" -o "$T/u.dot"
expect 0 "" "$FIX/mlp.onnx" -o "$T/m.out" --format svg
grep -q '<svg' "$T/m.out" || fail "--format svg did not write SVG"
head -c 8 "$T/u.png" | od -An -c | grep -q 'P   N   G' || fail "u.png is not a PNG"
head -c 5 "$T/u.pdf" | grep -q '%PDF-' || fail "u.pdf is not a PDF"
grep -q 'subgraph cluster_' "$T/u.dot" || fail "u.dot has no clusters"

# Layout engines: ours by default, Graphviz dot on request; --timing prints each phase,
# --dump-after writes the working graph as DOT beside the output.
expect 0 "" "$FIX/unet_small.onnx" -o "$T/g.svg" --layout-engine graphviz
grep -q '<svg' "$T/g.svg" || fail "--layout-engine graphviz did not write SVG"
"$GG" "$FIX/unet_small.onnx" -o "$T/t.svg" --timing --dump-after ordering 2>"$T/err" ||
  fail "--timing --dump-after failed"
grep -q 'layout phase ordering' "$T/err" || fail "--timing lacks the ordering phase"
grep -q 'layout phase coordinates' "$T/err" || fail "--timing lacks the coordinates phase"
grep -q '^digraph layered {' "$T/t.svg.ordering.dot" || fail "--dump-after wrote no DOT"
grep -q 'order=' "$T/t.svg.ordering.dot" || fail "the ordering dump lacks orders"
expect 2 "--layout-engine must be" "$FIX/mlp.onnx" --layout-engine elk
expect 2 "--dump-after takes" "$FIX/mlp.onnx" --dump-after nowhere

# -o - writes DOT (default) or SVG to stdout.
"$GG" "$FIX/mlp.onnx" -o - >"$T/stdout.dot" 2>"$T/err" || fail "-o - failed"
grep -q '^digraph "mlp.onnx" {' "$T/stdout.dot" || fail "-o - did not print DOT"
"$GG" "$FIX/mlp.onnx" -o - --format svg | grep -q '<svg' || fail "-o - --format svg"

# --summary and --verbose.
"$GG" "$FIX/unet_small.onnx" --summary >"$T/summary" 2>"$T/err" || fail "--summary failed"
grep -q 'Total params: 117,058' "$T/summary" || fail "summary total: $(tail -3 "$T/summary")"
[ ! -e unet_small.svg ] || fail "--summary alone should not write a diagram"
"$GG" "$FIX/unet_small.onnx" -o "$T/v.svg" -v 2>"$T/err" || fail "-v failed"
grep -q '30 nodes, 31 edges, 117,058 parameters' "$T/err" || fail "verbose totals: $(cat "$T/err")"

# --fuse: a small model draws op by op unless --fuse on draws each chain as one box, in
# the picture, its provenance and the summary; --check sees the option change.
expect 0 "" "$FIX/conv_chains.onnx" -o "$T/chains.dot"
grep -q '·' "$T/chains.dot" && fail "a small model was fused by default"
grep -q 'label="Unsqueeze' "$T/chains.dot" || fail "the default lost the Unsqueeze ops"
expect 0 "" "$FIX/conv_chains.onnx" -o "$T/fused.dot" --fuse on
grep -q 'label="Conv · BN · Scale · Relu\\n3×3 /2\\n1×16×16×16\\n528 params"' "$T/fused.dot" ||
  fail "--fuse on: no 'Conv · BN · Scale · Relu' box with the chain's params"
grep -q 'label="Unsqueeze' "$T/fused.dot" && fail "--fuse on left a weight's Unsqueeze"
grep -q '^// options: .* fuse=on$' "$T/fused.dot" || fail "--fuse on is not in the provenance"
"$GG" "$FIX/conv_chains.onnx" --fuse on --summary >"$T/summary" 2>"$T/err" ||
  fail "--fuse on --summary failed"
grep -q "^n14 (Gemm · Softmax) .* 170\\( \\+.*\\)\\?$" "$T/summary" || fail "fused summary: $(cat "$T/summary")"
grep -q 'Total params: 3,274 ' "$T/summary" || fail "fusing changed the total: $(cat "$T/summary")"
# The BN's running mean and variance (2 x 16) are Keras's non-trainable params.
grep -q '^Non-trainable params: 32$' "$T/summary" || fail "summary: BN statistics are not non-trainable"
grep -q '^Trainable params: 3,242$' "$T/summary" || fail "summary: trainable params: $(tail -6 "$T/summary")"
"$GG" "$FIX/conv_chains.onnx" --summary --summary-style graphgen | grep -q '1×16×16×16' ||
  fail "--summary-style graphgen does not print shapes as the diagrams do"
"$GG" "$FIX/conv_chains.onnx" --summary | grep -q '(1, 16, 16, 16)' ||
  fail "--summary does not print shapes as Keras does"
expect 2 "--summary-style takes keras or graphgen" "$FIX/mlp.onnx" --summary --summary-style x
# "-" reads the model from stdin, recognised by its bytes like a file, named "stdin".
"$GG" - -o "$T/stdin.svg" <"$FIX/mlp.onnx" 2>"$T/err" || fail "graphgen - <mlp.onnx: $(cat "$T/err")"
grep -q '<graphgen:value name="model">stdin</graphgen:value>' "$T/stdin.svg" || fail "stdin model is not named stdin"
"$GG" - -o - <"$FIX/mlp.onnxtxt" 2>"$T/err" | grep -q '^digraph "stdin"' || fail "graphgen - -o - <mlp.onnxtxt: $(cat "$T/err")"
expect 3 "stdin:" - -o "$T/none.svg" </dev/null
# With the diagram on stdout the table goes to stderr, never into the DOT.
"$GG" "$FIX/mlp.onnx" --summary -o - >"$T/stdout.dot" 2>"$T/stderr.txt" || fail "--summary -o - failed"
head -1 "$T/stdout.dot" | grep -q '^// Generated by graphgen' || fail "--summary -o -: stdout is not only DOT"
grep -q 'Total params' "$T/stdout.dot" && fail "--summary -o - mixed the table into the DOT"
grep -q 'Total params' "$T/stderr.txt" || fail "--summary -o -: the table is not on stderr"
expect 1 "fused.dot: stale: options changed: fuse on -> (unset)" \
  --check "$FIX/conv_chains.onnx" -o "$T/fused.dot"
expect 0 "" "$FIX/conv_chains.onnx" --fuse on --groups-json "$T/fused.json"
grep -q '"op": "Unsqueeze",' "$T/fused.json" || fail "--groups-json lacks the fused ops"
expect 2 "--fuse takes auto, on or off, not 'maybe'" "$FIX/mlp.onnx" --fuse maybe

# Warnings do not fail a render.
"$GG" "$FIX/opset18.onnx" -o "$T/o18.svg" 2>"$T/err" || fail "opset 18 must still draw"
grep -q 'warning: .*opset 18 is newer' "$T/err" || fail "opset 18 warning missing"

# 2: usage errors.
expect 2 "no model file given"
expect 2 "--rankdir must be" "$FIX/mlp.onnx" --rankdir UP
expect 2 "cannot tell the format" "$FIX/mlp.onnx" -o "$T/x.bmp"
expect 2 "not written to stdout" "$FIX/mlp.onnx" -o - --format png

# Outputs never destroy a file: the model itself (exit 2, model intact), a FIFO or device
# node (exit 4, still a FIFO); /dev/stdout is stdout, not a path to replace.
cp "$FIX/mlp.onnx" "$T/self.onnx"
expect 2 "is the model file itself" "$T/self.onnx" -o "$T/self.onnx" --format dot
cmp -s "$FIX/mlp.onnx" "$T/self.onnx" || fail "-o naming the model changed the model"
expect 2 "is the model file itself" "$T/self.onnx" --groups-json "$T/self.onnx"
cmp -s "$FIX/mlp.onnx" "$T/self.onnx" || fail "--groups-json naming the model changed it"
mkfifo "$T/out.fifo"
expect 4 "not a regular file" "$FIX/mlp.onnx" -o "$T/out.fifo" --format dot
[ -p "$T/out.fifo" ] || fail "the FIFO output was replaced by a file"
"$GG" "$FIX/mlp.onnx" -o /dev/stdout --format dot >"$T/stdout.dot" 2>"$T/err" ||
  fail "-o /dev/stdout failed: $(cat "$T/err")"
grep -q '^digraph' "$T/stdout.dot" || fail "-o /dev/stdout wrote no DOT to stdout"
[ -c /dev/null ] || fail "/dev/null is no longer a device"
expect 2 "does not exist" "$FIX/mlp.onnx" --no-such-flag
expect 2 "no node matches" "$FIX/mlp.onnx" --layer-range nothing: -o "$T/r.svg"
expect 0 "" --help
expect 0 "" --version

# 3: bad input, one line naming the file and the problem.
expect 3 "missing.onnx: no such file" "$T/missing.onnx" -o "$T/x.svg"
expect 3 "is a directory" "$T" -o "$T/x.svg"
expect 3 "dangling.onnx: node 'conv1' (Add): input 'missing_tensor' is produced by no node" \
  "$FIX/bad/dangling.onnx" -o "$T/x.svg"
expect 3 "cycle.onnx: the graph has a cycle" "$FIX/bad/cycle.onnx" -o "$T/x.svg"
expect 3 "two nodes are named 'same'" "$FIX/bad/duplicate_names.onnx" -o "$T/x.svg"
expect 3 "the graph has no nodes" "$FIX/bad/empty_graph.onnxtxt" -o "$T/x.svg"
expect 3 "ONNX text does not parse" "$FIX/bad/syntax_error.onnxtxt" -o "$T/x.svg"
expect 3 "unknown model format" "$FIX/bad/not_a_model.txt" -o "$T/x.svg"
expect 3 "not valid UTF-8" "$FIX/hostile/non_utf8_name.onnx" -o "$T/x.svg"
expect 3 "absurd dimension -7" "$FIX/hostile/negative_dim.onnx" -o "$T/x.svg"
expect 3 "overflows int64" "$FIX/hostile/overflow_dims.onnx" -o "$T/x.svg"
expect 3 "--max-rank" "$FIX/hostile/rank70.onnx" -o "$T/x.svg"
expect 3 "--max-depth" "$FIX/hostile/deep_nesting.onnx" -o "$T/x.svg"
expect 3 "truncated or corrupt" "$FIX/hostile/truncated.onnx" -o "$T/x.svg"
head -c 2097152 /dev/urandom >"$T/big.bin"
expect 3 "--max-file-mb" "$T/big.bin" --max-file-mb 1 -o "$T/x.svg"

# 4: the output cannot be written; an existing output survives any failure.
expect 4 "cannot create a file beside it" "$FIX/mlp.onnx" -o "$T/no/such/dir/x.svg"
echo "precious" >"$T/keep.svg"
expect 3 "no such file" "$T/missing.onnx" -o "$T/keep.svg"
[ "$(cat "$T/keep.svg")" = precious ] || fail "a failed run clobbered its output"
ls "$T" | grep -q '\.tmp\.' && fail "a temp file was left behind"

# 1: --check and `graphgen check`: stale outputs, one line saying why; nothing written.
expect 1 "x.svg: stale: the diagram does not exist" --check "$FIX/mlp.onnx" -o "$T/check/x.svg"
[ ! -e "$T/check" ] || fail "--check created something"
"$GG" "$FIX/mlp.onnx" -o "$T/c.svg" --depth 1
expect 0 "" --check "$FIX/mlp.onnx" -o "$T/c.svg" --depth 1
expect 1 "c.svg: stale: options changed: rankdir TB -> LR, depth 1 -> auto" \
  --check "$FIX/mlp.onnx" -o "$T/c.svg" --rankdir LR
expect 1 "c.svg: stale: model file name changed (mlp.onnx -> unet_small.onnx); model changed: " \
  --check "$FIX/unet_small.onnx" -o "$T/c.svg" --depth 1
expect 2 "--check compares with a file" --check "$FIX/mlp.onnx" -o -
mkdir -p "$T/proj/docs"
cp "$FIX/mlp.onnx" "$T/proj/"
printf '{"diagrams": [{"model": "mlp.onnx", "outputs": ["docs/a.svg", "docs/a.dot"]}]}' \
  >"$T/proj/graphgen.json"
(cd "$T/proj/docs" && "$GG" check >"$T/out" 2>"$T/err")
[ $? = 1 ] || fail "graphgen check with missing diagrams: want exit 1"
[ "$(wc -l <"$T/err")" = 3 ] || fail "graphgen check: want 2 stale lines and a count: $(cat "$T/err")"
grep -qF "graphgen: 2 of 2 diagrams are stale" "$T/err" || fail "no count: $(cat "$T/err")"
(cd "$T/proj" && "$GG" update >"$T/out" 2>"$T/err") || fail "graphgen update: $(cat "$T/err")"
grep -qF "graphgen: updated docs/a.dot: new" "$T/out" || fail "update output: $(cat "$T/out")"
expect 0 "" check --config "$T/proj/graphgen.json"
printf '{"diagrams": [{"model": "mlp.onnx", "outptu": "a.svg"}]}' >"$T/proj/graphgen.json"
expect 2 "graphgen.json: diagrams[0]: unknown key 'outptu'" check --config "$T/proj/graphgen.json"
expect 2 "no graphgen.json or .graphgen.json here or in a parent directory" \
  check --config ""
expect 2 "takes no files" check "$FIX/mlp.onnx"

# Deterministic bytes: run twice, under another locale and timezone.
for fmt in svg png pdf dot; do
  "$GG" "$FIX/unet_small.onnx" -o "$T/a.$fmt" 2>/dev/null
  LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 TZ=Asia/Kolkata HOME=/nonexistent \
    "$GG" "$FIX/unet_small.onnx" -o "$T/b.$fmt" 2>/dev/null
  cmp -s "$T/a.$fmt" "$T/b.$fmt" || fail "$fmt output differs between runs"
done
SOURCE_DATE_EPOCH=1700000000 "$GG" "$FIX/mlp.onnx" -o "$T/sde.pdf"
grep -aq 'CreationDate (20231114221320Z)' "$T/sde.pdf" || fail "SOURCE_DATE_EPOCH not honoured"

# TensorBoard event files: --tensorboard LOGDIR (created), -o by name or --format
# tfevents, <T> and wall_time from SOURCE_DATE_EPOCH, else --timestamp.
ev="events.out.tfevents.1700000000.graphgen"
expect 0 "" "$FIX/unet_small.onnx" --tensorboard "$T/logs" --timestamp 1700000000
run1="$T/logs/unet_small"  # the model's run: its file name without the extension
[ -s "$run1/$ev" ] || fail "--tensorboard did not write $ev in the model's run: $(ls -AR "$T/logs")"
[ "$(ls -A "$run1" | wc -l)" = 1 ] || fail "--tensorboard left more: $(ls -A "$run1")"
[ ! -e unet_small.svg ] || fail "--tensorboard alone should not write a diagram"
grep -aq 'brain.Event:2' "$run1/$ev" || fail "no file_version record"
grep -aq 'encoder/down1/conv1/Conv' "$run1/$ev" || fail "no scope-path node names"
# A second model in the same LOGDIR is a second run; the first is untouched.
expect 0 "" "$FIX/mlp.onnx" --tensorboard "$T/logs" --timestamp 1700000000
[ -s "$T/logs/mlp/$ev" ] && [ -s "$run1/$ev" ] ||
  fail "two models in one LOGDIR are not two runs: $(ls -AR "$T/logs")"
SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8 TZ=Asia/Kolkata \
  "$GG" "$FIX/unet_small.onnx" -o "$T/events.out.tfevents.x" --timestamp 5 2>"$T/err" \
  || fail "-o *tfevents* failed: $(cat "$T/err")"
cmp -s "$run1/$ev" "$T/events.out.tfevents.x" \
  || fail "event files differ between runs, or SOURCE_DATE_EPOCH lost to --timestamp"
expect 0 "" "$FIX/tf/conv_block.pbtxt" --tensorboard "$T/logs/tf" -o "$T/tf.svg"
[ -s "$T/tf.svg" ] && ls "$T/logs/tf/conv_block" | grep -q '^events\.out\.tfevents\.[0-9]\{10\}\.graphgen$' \
  || fail "--tensorboard with -o must write both: $(ls -AR "$T/logs/tf")"
expect 0 "TensorBoard reads only files whose name contains 'tfevents'" \
  "$FIX/mlp.onnx" -o "$T/m.events" --format tfevents
expect 4 "--tensorboard: " "$FIX/mlp.onnx" --tensorboard "$T/keep.svg/logs"
expect 2 "not written to stdout" "$FIX/mlp.onnx" -o - --format tfevents
# The event file's provenance carries the model hash, like every other output.
"$GG" "$FIX/unet_small.onnx" -o "$T/hash.tfevents" --timestamp 1 2>/dev/null
"$PWD/tools/tfevents_dump" "$T/hash.tfevents" | grep -q '^- model-hash: fnv1a64:[0-9a-f]\{16\}$' \
  || fail "event file provenance lacks the model hash"
# The encoder-decoder grouping names the event file's top-level scopes.
"$GG" "$FIX/unet_small.onnx" -o "$T/groups.tfevents" --timestamp 1 2>/dev/null \
  || fail "unet_small to tfevents failed"
"$PWD/tools/tfevents_dump" "$T/groups.tfevents" | grep -q \
  'top level (5): image encoder(10) bottleneck(4) decoder(14) mask' \
  || fail "event file lacks encoder/bottleneck/decoder scopes: $("$PWD/tools/tfevents_dump" "$T/groups.tfevents" | tail -1)"
expect 2 "--timestamp must be" "$FIX/mlp.onnx" --tensorboard "$T/logs" --timestamp -1
# TensorBoard gets the model's whole op graph, not the folded drawing: the twelve layers the
# SVG folds into one block ×12 are twelve scopes TensorBoard expands itself, no "×" name.
expect 0 "438 nodes drawn as 14 boxes" "$FIX/fold/transformer_encoder12.onnx" -o "$T/fold.svg" \
  --tensorboard "$T/logs" --timestamp 1
grep -q '×12' "$T/fold.svg" || fail "transformer_encoder12.svg: the drawing should fold ×12"
"$PWD/tools/tfevents_dump" --pbtxt "$T/logs/transformer_encoder12/"*tfevents* >"$T/fold.pbtxt" ||
  fail "transformer_encoder12 event file does not read back"
grep -q '×' "$T/fold.pbtxt" && fail "the event file holds a folded (×N) name"
for k in 0 5 11; do
  grep -q "name: \"encoder/layers\\.$k/" "$T/fold.pbtxt" || fail "no scope encoder/layers.$k"
done

# TensorFlow control dependencies ("^name"): grey dotted edges in every format, explained
# by a legend, written back as "^name" to TensorBoard; --no-control-edges hides them.
CD="$FIX/tf/control_deps.pbtxt"
expect 0 "" "$CD" -o "$T/cd.dot"
[ "$(grep -c 'style=dotted' "$T/cd.dot")" = 5 ] || fail "control_deps.dot: want 5 dotted edges"
grep -q 'label="control dependency"' "$T/cd.dot" || fail "control_deps.dot: no legend"
expect 0 "" "$CD" -o "$T/cd.svg"
[ "$(grep -c 'stroke-dasharray="1,2.5"' "$T/cd.svg")" = 6 ] ||
  fail "control_deps.svg: want 5 dotted edges and the legend's sample"
expect 0 "" "$CD" -o "$T/cd.png"
expect 0 "" "$CD" -o "$T/cd.pdf"
expect 0 "" "$CD" -o "$T/cd.tfevents" --timestamp 1
"$PWD/tools/tfevents_dump" --pbtxt "$T/cd.tfevents" | grep -q 'input: "\^' ||
  fail "control_deps.tfevents: no ^name control input"
expect 0 "" "$CD" -o "$T/cd_off.dot" --no-control-edges
grep -q 'dotted\|control dependency' "$T/cd_off.dot" && fail "--no-control-edges left control edges"
grep -q 'control_edges=0' "$T/cd_off.dot" || fail "--no-control-edges is not in the provenance"
[ "$(grep -c -- '->' "$T/cd_off.dot")" = "$(($(grep -c -- '->' "$T/cd.dot") - 5))" ] ||
  fail "--no-control-edges changed the data edges"

# Every bad TensorFlow input the TensorFlow issue lists: one line, exit 3.
head -c 150 "$FIX/tf/conv_block.pb" >"$T/truncated.pb"
expect 3 "truncated.pb: not a valid GraphDef protobuf (truncated or corrupt)" "$T/truncated.pb"
printf 'node {\n  name: "a"\n  op: "Relu" input:\n}\n' >"$T/syntax.pbtxt"
expect 3 "GraphDef text does not parse: line 4, column 1: Expected string" "$T/syntax.pbtxt"
mkdir -p "$T/no_saved_model"
expect 3 "no_saved_model: is a directory without saved_model.pb or saved_model.pbtxt" \
  "$T/no_saved_model"
expect 3 "no signature 'nope' (--signature); there are 'double', 'predict'" \
  "$FIX/tf/saved_model_tf1.pbtxt" --signature nope
expect 3 "calls function '__inference_gone_7', which the graph's library does not define" \
  "$FIX/tf/bad_missing_function.pbtxt"
expect 3 "node 'a' (Relu): input 'nowhere:0' is produced by no node" "$FIX/tf/bad_dangling.pbtxt"
expect 3 "node 'a' (Relu): control input '^ghost' names no node" "$FIX/tf/bad_control.pbtxt"
expect 3 "function calls form a cycle: A -> B -> A" "$FIX/tf/bad_recursive.pbtxt"
printf '{"format": "graph-model", "modelTopology": 7}\n' >"$T/model.json"
expect 3 "model.json: JSON, but neither a TF.js graph-model nor a Keras" "$T/model.json"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
