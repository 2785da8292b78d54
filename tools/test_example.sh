#!/usr/bin/env bash
# Builds and tests examples/bazel_docs: a separate Bazel workspace that uses graphgen through
# local_repository and graphgen/defs.bzl, as the README's snippet says, with no C++ flags of
# its own (issue 23: under Bazel's default -std=c++0x graphgen did not compile there). It
# has its own Bazel server (shut down at the end) and builds graphgen again as an external
# repository.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
# The C++ standard travels with graphgen's targets (tools/cc.bzl), not with a .bazelrc:
# the example sets none, and every package defining C++ targets takes them from cc.bzl.
if grep -v '^ *#' examples/bazel_docs/.bazelrc | grep -n 'std='; then
  echo "FAIL: examples/bazel_docs/.bazelrc sets a C++ standard; graphgen must build without"
  status=1
fi
for build in $(git ls-files '*BUILD' '*.bzl' 2>/dev/null || find . -name BUILD -not -path './bazel-*'); do
  case "$build" in examples/* | tools/cc.bzl | third_party/rules_cc/*) continue ;; esac
  if grep -qE '^\s*(native\.)?cc_(library|binary|test)\(' "$build" &&
    ! grep -q '"//tools:cc.bzl"' "$build"; then
    echo "FAIL: $build defines C++ targets without loading them from //tools:cc.bzl"
    status=1
  fi
done
cd examples/bazel_docs
start=$(date +%s)
bazel build //... && bazel test --test_summary=short //... || status=1
bazel shutdown >/dev/null 2>&1 || true
echo "examples/bazel_docs: built and tested in $(($(date +%s) - start)) s"
exit "$status"
