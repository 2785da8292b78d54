#!/usr/bin/env bash
# The hostile-input manifest (fixtures/hostile/MANIFEST.tsv): every case gives its exit
# code and its stderr word for word; every case that renders writes an SVG holding no
# markup but graphgen's own (a grep over the tag names), shows the hostile names escaped,
# and a failed case leaves no output and no temp file behind.
set -u
GG="$PWD/graphgen/graphgen"
DIR="$PWD/fixtures/hostile"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
cases=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The elements graphgen's SVG renderer writes; anything else came from a name.
allowed_tags='^<(\?xml|svg|/svg|title|/title|metadata|/metadata|graphgen:provenance|/graphgen:provenance|graphgen:value|/graphgen:value|rect|path|polygon|text|/text|g|/g)$'

check_svg() {  # check_svg CASE FILE
  local bad
  bad=$(grep -oE '<[^ >]*' "$2" | sort -u | grep -vE "$allowed_tags")
  [ -z "$bad" ] || fail "$1: SVG holds markup that is not graphgen's: $bad"
  grep -qiE '<script|javascript:|<!--|<!\[CDATA\[' "$2" && fail "$1: SVG holds script, comment or CDATA"
  # Every & starts one of the entities XmlEscape writes.
  grep -oE '&[^;[:space:]]{0,8};?' "$2" | grep -vxE '&(amp|lt|gt|quot|#39|#10);' | head -1 |
    grep -q . && fail "$1: SVG holds a bare '&'"
}

# Set up the cases the manifest marks with @: paths only a test can make.
S="$T/special"
rm -rf "$S" && mkdir -p "$S/modeldir" "$S/out.svg" "$S/outside" "$S/inside"
: >"$S/empty.onnx"
ln -s sm "$S/sm"                   # a SavedModel directory that is a symlink to itself
mkfifo "$S/fifo.onnx"
echo "victim" >"$S/outside/victim.svg"
ln -s ../outside/victim.svg "$S/inside/link.svg"
good="$DIR/name_xml_specials.onnx"
# A project whose graphgen.json writes outside its directory (issue 21).
mkdir -p "$S/proj"
cp "$good" "$S/proj/m.onnx"
echo '{"diagrams": [{"model": "m.onnx", "output": "../outside/escape.svg"}]}' >"$S/proj/graphgen.json"

while IFS=$'\t' read -r name want_code want_err; do
  case "$name" in '#'* | '') continue ;; esac
  cases=$((cases + 1))
  # "model.onnx --max-depth 1000": the case's own flags follow the file's name.
  flags=""
  case "$name" in *' '*) flags="${name#* }" ;; esac
  out="$T/out/${name// /_}.svg"
  mkdir -p "$T/out"
  rm -f "$out"
  # Paths relative to the model's directory keep the expected lines short: graphgen
  # clips long paths in messages.
  cwd="$DIR"
  in="${name%% *}"
  update=0
  case "$name" in
    @empty_file) cwd="$S"; in="empty.onnx" ;;
    @savedmodel_dir_symlink_loop) cwd="$S"; in="sm" ;;
    @model_is_directory) cwd="$S"; in="modeldir" ;;
    @model_is_fifo) cwd="$S"; in="fifo.onnx" ;;
    @model_is_dev_zero) in="/dev/zero" ;;
    @output_is_directory) cwd="$S"; in="$good"; out="out.svg" ;;
    @output_symlink_to_file_outside) cwd="$S"; in="$good"; out="inside/link.svg" ;;
    # 250 bytes: a valid name whose temp name must be clipped to NAME_MAX (issue 21).
    @output_name_250_bytes) cwd="$S"; in="$good"; out="$(printf 'n%.0s' $(seq 246)).svg" ;;
    # `graphgen update` with a config naming ../outside: refused unless --allow-outside.
    @update_output_outside*) cwd="$S/proj"; update=1; out="$S/outside/escape.svg" ;;
  esac
  # shellcheck disable=SC2086  # $flags is a list of words
  if [ "$update" = 1 ]; then
    (cd "$cwd" && timeout 60 "$GG" update $flags >/dev/null 2>"$T/err")
  else
    (cd "$cwd" && timeout 60 "$GG" "$in" -o "$out" --show-layer-names $flags >/dev/null 2>"$T/err")
  fi
  code=$?
  want_err="${want_err//\{in\}/$in}"
  want_err="${want_err//\{out\}/$out}"
  got_err="$(cat "$T/err")"
  [ "$code" = "$want_code" ] || fail "$name: exit $code, want $want_code ($got_err)"
  [ "$got_err" = "$want_err" ] || fail "$name: stderr
  got:  $got_err
  want: $want_err"
  case "$out" in /*) ;; *) out="$cwd/$out" ;; esac
  if [ "$want_code" = 0 ]; then
    if [ -s "$out" ]; then check_svg "$name" "$out"; else fail "$name: no SVG written"; fi
  elif [ "$name" != @output_is_directory ]; then
    [ ! -e "$out" ] || fail "$name: a failed run wrote $out"
  fi
done <"$DIR/MANIFEST.tsv"

# The names built to break SVG come out escaped, not dropped.
expect_in_svg() {  # expect_in_svg CASE TEXT
  grep -qF -- "$2" "$T/out/$1.svg" || fail "$1: SVG lacks '$2'"
}
expect_in_svg name_xml_specials.onnx '&quot;&lt;&gt;&amp;&#39;'
expect_in_svg name_svg_script.onnx '&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
expect_in_svg name_cdata_end.onnx ']]&gt;'
expect_in_svg name_xml_comment.onnx -- '--&gt;&lt;!-- a -- b'
expect_in_svg name_rtl_override.onnx $'\xE2\x80\xAEgnp.exe'
expect_in_svg name_nul.onnx 'relu evil'
expect_in_svg name_dot_syntax.onnx '\N \G \L \&quot;; } digraph {'
expect_in_svg dims_1e9_elements.onnx '1B params'

# Valid UTF-8 that is no text (issue 21): noncharacters (U+FFFE, U+FFFF, U+FDD0) never
# reach an SVG, which stays well-formed XML; C1 controls (U+009B, CSI) never reach the
# SVG, --summary or --explain-groups.
for name in name_noncharacters.onnx name_c1_csi.onnx graphdef_name_noncharacters.pb; do
  if LC_ALL=C grep -q $'\xef\xbf\xbe\|\xef\xbf\xbf\|\xef\xb7\x90\|\xc2[\x80-\x9f]' "$T/out/$name.svg"; then
    fail "$name: a noncharacter or C1 control reached the SVG"
  fi
done
expect_in_svg name_noncharacters.onnx $'relu\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'
"$GG" "$DIR/name_c1_csi.onnx" --summary --explain-groups -o "$T/c1.svg" >"$T/c1.txt" 2>&1 ||
  fail "name_c1_csi.onnx: --summary --explain-groups failed"
LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$T/c1.txt" && fail "name_c1_csi.onnx: a C1 control reached the terminal"
grep -q 'relu 31mred 0m' "$T/c1.txt" || fail "name_c1_csi.onnx: the summary lacks the cleaned name"

# Weights summing past int64 (issue 21): the total saturates and says so, never negative.
"$GG" "$DIR/params_overflow_int64.onnx" --summary >"$T/summary.txt" 2>/dev/null ||
  fail "params_overflow_int64.onnx: --summary failed"
grep -q 'Total params: ≥ 9.2e18$' "$T/summary.txt" ||
  fail "params_overflow_int64.onnx: summary total: $(grep Total "$T/summary.txt")"
expect_in_svg params_overflow_int64.onnx '4611686T params'

# DOT output of the DOT-breaking name: every model string stays inside one quoted string.
"$GG" "$DIR/name_dot_syntax.onnx" -o "$T/dot.dot" --show-layer-names 2>/dev/null || fail "DOT render failed"
# Outside quoted strings only generated ids, attribute names and punctuation remain.
# Long strings continue over lines with backslash-newline, which DOT drops: join them first.
stripped=$(perl -0pe 's/\\\n//g' "$T/dot.dot" | sed -E 's/"([^"\\]|\\.)*"/Q/g' | grep -v '^//')
echo "$stripped" | grep -qE 'digraph \{|label=x|strict' && fail "a name escaped its DOT string: $stripped"
[ "$(echo "$stripped" | grep -c -- '->')" = 3 ] || fail "DOT edges changed: $stripped"

# The symlinked output replaced the link, never the file outside it.
[ "$(cat "$S/outside/victim.svg")" = victim ] || fail "writing through a symlink clobbered the file outside"
[ -L "$S/inside/link.svg" ] && fail "the output symlink was written through, not replaced"
# No temp file beside any output.
find "$T" -name '*.tmp.*' | grep -q . && fail "temp files left behind: $(find "$T" -name '*.tmp.*')"

[ "$cases" -ge 40 ] || fail "the manifest has $cases cases, fewer than 40"
if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed over $cases cases"
  exit 1
fi
echo "all $cases hostile cases behave as the manifest says"
