#!/usr/bin/env bash
# graphgen_diagram drew every model format it is given (tests/BUILD: RULE_MODELS), a
# SavedModel directory's filegroup included: each argument is an SVG with provenance.
set -u
failures=0
for svg in "$@"; do
  if ! grep -q '<graphgen:value name="model-hash">' "$svg"; then
    echo "FAIL: $svg is not a graphgen SVG"
    failures=$((failures + 1))
  fi
done
case "$*" in *saved_model_dir.svg*) ;; *) echo "FAIL: no SavedModel directory case"; failures=1 ;; esac
grep -q '<graphgen:value name="model">saved_model.pb<' "$(printf '%s\n' "$@" | grep saved_model_dir)" ||
  { echo "FAIL: the SavedModel directory's saved_model.pb was not the model"; failures=1; }
[ "$failures" = 0 ] && echo "graphgen_diagram drew $# models"
exit "$failures"
