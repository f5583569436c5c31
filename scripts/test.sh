#!/usr/bin/env bash
# Quick start, command 2: the whole test suite.
#  1. unit and integration tests (swift test);
#  2. the invariant suite with the release build: every spec in specs/ meets its
#     `expect` line, every mutant is killed by some spec, every golden trace in
#     traces/ replays bit-exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release -Xswiftc -cross-module-optimization
swift test
.build/release/exocheck suite
