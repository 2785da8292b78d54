#!/usr/bin/env bash
# Builds and tests examples/bazel_docs: a separate Bazel workspace that uses graphgen through
# local_repository and graphgen/defs.bzl. It has its own Bazel server (shut down at the
# end) and builds graphgen again as an external repository.
set -uo pipefail
cd "$(dirname "$0")/../examples/bazel_docs"
start=$(date +%s)
bazel build //... && bazel test --test_summary=short //...
status=$?
bazel shutdown >/dev/null 2>&1 || true
echo "examples/bazel_docs: built and tested in $(($(date +%s) - start)) s"
exit "$status"
