#!/usr/bin/env bash
# Installs what exocheck needs from Debian and is not there yet: the zlib and
# xxHash headers and pkg-config (SwiftPM finds both libraries through it),
# and any further Debian packages named as arguments (scripts/test.sh asks
# for spin, which checks the benchmark's state space against exocheck's).
# Idempotent; apt runs only when something is missing.
set -euo pipefail
need=()
for pkg in zlib1g-dev libxxhash-dev pkg-config "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "bootstrap: swift is not on PATH (expected Swift 6.x)" >&2; exit 2; }
