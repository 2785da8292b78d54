#!/usr/bin/env bash
# graphgen in documentation builds (issue 23), with Debian's own tools: a Sphinx site using
# the `.. graphgen::` directive (python3-sphinx) and an MkDocs site using the Markdown
# extension (mkdocs), each built twice from scratch. The page must hold the diagram (the
# SVG inline, and an <img> of an SVG file or data: URI), and both builds must be byte for
# byte the same. A tool that is not installed is skipped, saying so.
set -u
ROOT="$PWD"
GG="$ROOT/graphgen/graphgen"
T="${TEST_TMPDIR:-$(mktemp -d)}"
export HOME="$T/home" SOURCE_DATE_EPOCH=1700000000 PYTHONDONTWRITEBYTECODE=1
mkdir -p "$HOME"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The extensions import graphgen_docs.py from beside them: one directory on the path.
INT="$T/integrations"
mkdir -p "$INT"
cp "$ROOT"/integrations/*.py "$INT/"

# ---- Sphinx
if command -v sphinx-build >/dev/null; then
  S="$T/sphinx"
  mkdir -p "$S/models"
  cp "$ROOT/fixtures/mlp.onnxtxt" "$S/models/"
  cat >"$S/conf.py" <<CONF
import sys
sys.path.insert(0, "$INT")
project = "graphgen docs test"
extensions = ["graphgen_sphinx"]
graphgen_binary = "$GG"
CONF
  cat >"$S/index.rst" <<'RST'
Models
======

.. graphgen:: models/mlp.onnxtxt
   :format: html
   :rankdir: LR

.. graphgen:: models/mlp.onnxtxt
   :alt: The MLP, as a file
   :depth: 1
RST
  for build in 1 2; do
    sphinx-build -q -W -b html "$S" "$T/sphinx_out$build" >"$T/sphinx$build.log" 2>&1 ||
      fail "sphinx-build $build: $(cat "$T/sphinx$build.log")"
  done
  page="$T/sphinx_out1/index.html"
  grep -q '<div class="graphgen">' "$page" || fail "sphinx: no inline diagram"
  grep -q '<graphgen:value name="model">mlp.onnxtxt</graphgen:value>' "$page" ||
    fail "sphinx: the inline SVG lacks its provenance"
  grep -q '<?xml' "$page" && fail "sphinx: the inline SVG kept its XML declaration"
  img=$(grep -o '<img src="_images/graphgen-[0-9a-f]*\.svg" alt="The MLP, as a file"/>' "$page" |
    sed 's/.*src="\([^"]*\)".*/\1/')
  [ -n "$img" ] || fail "sphinx: no <img> of the SVG file"
  [ -n "$img" ] && { head -c 5 "$T/sphinx_out1/$img" | grep -q '<?xml' || fail "sphinx: $img is not SVG"; }
  cmp -s "$page" "$T/sphinx_out2/index.html" || fail "sphinx: two builds differ: index.html"
  [ -n "$img" ] && { cmp -s "$T/sphinx_out1/$img" "$T/sphinx_out2/$img" || fail "sphinx: two builds differ: $img"; }
  # A model graphgen cannot read is an error naming it, and fails a -W build.
  printf 'Bad\n===\n\n.. graphgen:: models/missing.onnx\n' >"$S/bad.rst"
  if sphinx-build -q -W -b html "$S" "$T/sphinx_bad" >"$T/bad.log" 2>&1; then
    fail "sphinx: a missing model did not fail the build"
  fi
  grep -q 'graphgen: models/missing.onnx' "$T/bad.log" || fail "sphinx: error lacks the model: $(cat "$T/bad.log")"
  rm "$S/bad.rst"
else
  echo "SKIPPED: sphinx-build is not installed (Debian package python3-sphinx)"
fi

# ---- MkDocs
if command -v mkdocs >/dev/null; then
  M="$T/mkdocs"
  mkdir -p "$M/docs/models"
  cp "$ROOT/fixtures/mlp.onnxtxt" "$M/docs/models/"
  cat >"$M/mkdocs.yml" <<YML
site_name: graphgen docs test
markdown_extensions:
  - graphgen_markdown:
      binary: $GG
      base_dir: docs
YML
  cat >"$M/docs/index.md" <<'MD'
# Models

![The MLP](models/mlp.onnxtxt){graphgen rankdir=LR}

```graphgen
models/mlp.onnxtxt
format: svg
depth: 1
```
MD
  for build in 1 2; do
    # A fresh cache each time: both builds run graphgen.
    (cd "$M" && XDG_CACHE_HOME="$T/cache$build" PYTHONPATH="$INT" \
      mkdocs build -q -s -d "$T/mkdocs_out$build") >"$T/mkdocs$build.log" 2>&1 ||
      fail "mkdocs build $build: $(cat "$T/mkdocs$build.log")"
  done
  page="$T/mkdocs_out1/index.html"
  grep -q '<div class="graphgen">' "$page" || fail "mkdocs: no inline diagram"
  grep -q '<graphgen:value name="model">mlp.onnxtxt</graphgen:value>' "$page" ||
    fail "mkdocs: the inline SVG lacks its provenance"
  uri=$(grep -o '<img class="graphgen" alt="mlp.onnxtxt" src="data:image/svg+xml;base64,[A-Za-z0-9+/=]*"' "$page" |
    sed 's/.*base64,//; s/"$//')
  [ -n "$uri" ] || fail "mkdocs: no <img> with the SVG as a data: URI"
  echo "$uri" | base64 -d 2>/dev/null | grep -q 'graphgen:value name="options">rankdir=TB.*depth=1' ||
    fail "mkdocs: the <img> is not the --depth 1 diagram"
  cmp -s "$page" "$T/mkdocs_out2/index.html" || fail "mkdocs: two builds differ: index.html"
  ls "$T/cache1"/graphgen-docs/*.svg >/dev/null 2>&1 || fail "mkdocs: nothing cached"
else
  echo "SKIPPED: mkdocs is not installed (Debian package mkdocs)"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "docs integrations: Sphinx and MkDocs sites built with their diagrams, byte-identical twice"
