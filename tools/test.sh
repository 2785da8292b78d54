#!/usr/bin/env bash
# Builds everything and runs every test, then the example workspace that uses graphgen
# from another Bazel project. Assumes tools/debian-packages.txt is installed
# (tools/setup.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
bazel build //...
bazel test --test_summary=short //...
tools/test_example.sh
