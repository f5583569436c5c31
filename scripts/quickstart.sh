#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in release mode, and
# explore the bundled default spec.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release -Xswiftc -cross-module-optimization
exec .build/release/exocheck explore specs/default.exo "$@"
