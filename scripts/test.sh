#!/usr/bin/env bash
# Quick start, command 2: the whole test suite.
#  1. unit and integration tests (swift test);
#  2. the invariant suite with the release build: every spec in specs/ meets its
#     `expect` line, every mutant is killed by some spec, every golden trace in
#     traces/ replays bit-exactly;
#  3. SPIN 6.5.2 explores the grant/revoke benchmark's Promela twin
#     (bench/spin/grant-revoke.pml) and must find exocheck's state space (the
#     same states, transitions per operation and self-loops), and each
#     hypervisor mutant's shortest counterexample at exocheck's length.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh spin
swift build -c release -Xswiftc -cross-module-optimization
swift test
.build/release/exocheck suite
scripts/spin-compare.sh --check
