#!/usr/bin/env bash
# Byte-identical output: every fixture model in every format (dot, svg, png, pdf, html),
# rendered in two different environments, must give the same bytes. The second environment
# differs in locale (de_DE.UTF-8, decimal comma, built with localedef when the locale
# sources are there), timezone, HOME, an empty fontconfig configuration and cache, and a
# single CPU.
# When a second graphgen built with -c opt is given ($1), its output must match too.
set -u
GG="$PWD/graphgen/graphgen"
GG_OPT="${1:+$PWD/$1}"
FIX="$PWD/fixtures"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

models=()
for m in "$FIX"/*.onnx "$FIX"/*.onnxtxt "$FIX"/tf/conv_block.pb "$FIX"/tf/conv_block.pbtxt; do
  [ -e "$m" ] && models+=("$m")
done
[ "${#models[@]}" -ge 10 ] || fail "expected at least 10 fixture models, found ${#models[@]}"

# A German locale if this machine can build one (Debian package `locales`).
mkdir -p "$T/locale" "$T/home_a" "$T/home_b" "$T/xdg_cache_b" "$T/xdg_config_b"
locale_b=C.UTF-8
if [ -e /usr/share/i18n/locales/de_DE ] &&
  localedef -i de_DE -f UTF-8 "$T/locale/de_DE.UTF-8" 2>/dev/null; then
  locale_b=de_DE.UTF-8
else
  echo "note: de_DE locale sources missing (Debian package locales); using C.UTF-8"
fi
# fontconfig with no font directories and no cache: any use of system fonts would change
# (or fail) the rendering.
cat >"$T/empty-fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>/nonexistent-fontconfig-cache</cachedir></fontconfig>
CONF

cpu0=()
command -v taskset >/dev/null && cpu0=(taskset -c 0)

render_all() {  # DIR BINARY ENV...
  local dir="$1" bin="$2"
  shift 2
  mkdir -p "$dir"
  for m in "${models[@]}"; do
    local base
    base="$(basename "$m")"
    for fmt in dot svg png pdf html; do
      env -i PATH=/usr/bin:/bin "$@" "$bin" "$m" -o "$dir/$base.$fmt" 2>>"$dir/stderr" ||
        fail "$bin $base -> $fmt failed in $dir: $(tail -1 "$dir/stderr")"
    done
  done
}

render_all "$T/a" "$GG" LC_ALL=C TZ=UTC HOME="$T/home_a"
render_all "$T/b" "$GG" LOCPATH="$T/locale" LANG="$locale_b" LC_ALL="$locale_b" \
  TZ=Pacific/Chatham HOME="$T/home_b" FONTCONFIG_FILE="$T/empty-fonts.conf" \
  XDG_CACHE_HOME="$T/xdg_cache_b" XDG_CONFIG_HOME="$T/xdg_config_b" "${cpu0[@]}"

count=0
for f in "$T/a"/*.*; do
  name="$(basename "$f")"
  [ "$name" = stderr ] && continue
  count=$((count + 1))
  [ -s "$f" ] || fail "$name is empty"
  cmp -s "$f" "$T/b/$name" || fail "$name differs between the two environments"
  grep -aq 'model-hash' "$f" || fail "$name carries no model-hash provenance"
done
[ "$count" -eq $((${#models[@]} * 5)) ] || fail "compared $count files, want $((${#models[@]} * 5))"
echo "compared $count outputs across environments (locale $locale_b)"

if [ -n "$GG_OPT" ]; then
  render_all "$T/opt" "$GG_OPT" LC_ALL=C TZ=UTC HOME="$T/home_a"
  for f in "$T/a"/*.*; do
    name="$(basename "$f")"
    [ "$name" = stderr ] && continue
    cmp -s "$f" "$T/opt/$name" || fail "$name differs between -c opt and the default build"
  done
  echo "compared $count outputs between -c opt and the default build"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all outputs byte-identical"
