#!/usr/bin/env bash
# Installs the Debian 12 packages graphgen needs (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  $(grep -v '^#' tools/debian-packages.txt)
