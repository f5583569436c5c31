#!/usr/bin/env bash
# Regenerates every golden trace in traces/ from the specs in specs/.
#
#   scripts/regen-traces.sh            # uses .build/release/exocheck
#   EXOCHECK=path/to/exocheck scripts/regen-traces.sh
#
# Run from anywhere; it works from the repository root so that the spec paths
# recorded in the traces are the same relative paths every time. The output is
# deterministic: running it twice gives byte-identical files (check with cmp).
# Each trace is then replayed and re-recorded, and must come back bit-exact.
set -euo pipefail

cd "$(dirname "$0")/.."
EXOCHECK="${EXOCHECK:-.build/release/exocheck}"
if [ ! -x "$EXOCHECK" ]; then
  echo "regen-traces: $EXOCHECK not found; build it with: swift build -c release" >&2
  exit 2
fi

out=traces
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -f "$out"/*.trace.gz
mkdir -p "$out"

# One seeded run per layer: spec, seed, steps, trace name. A run stops
# early where nothing can change any more; the seeds are ones that run long
# before they get there (of seeds 1 to 40, the longest).
simulate() {
  local spec="$1" seed="$2" steps="$3" name="$4"
  "$EXOCHECK" simulate "$spec" --seed "$seed" --steps "$steps" --out "$out/$name.trace.gz" >/dev/null
}
simulate specs/10-hv-grant-map.exo      3 300 sim-hypervisor-grants
simulate specs/12-hv-evtchn.exo         3 300 sim-hypervisor-evtchn
simulate specs/20-uni-seal.exo          5 300 sim-unikernel-seal
simulate specs/22-uni-vchan.exo         5 300 sim-unikernel-vchan
simulate specs/30-exo-abort.exo        11 300 sim-exokernel-abort
simulate specs/33-exo-cpu.exo          25 300 sim-exokernel-cpu
simulate specs/40-libos-processes.exo   4 300 sim-libos-processes
simulate specs/default.exo              6 400 sim-stack-default

# One shortest counterexample per invariant: every spec that expects a
# violation is explored breadth-first and its first counterexample kept.
for spec in specs/bug-*.exo; do
  name="$(basename "$spec" .exo)"
  rm -rf "$tmp/$name"
  if "$EXOCHECK" explore "$spec" --jobs 1 --quiet --out "$tmp/$name" >/dev/null; then
    echo "regen-traces: $spec found no violation" >&2
    exit 1
  fi
  traces=("$tmp/$name"/*.trace.gz)
  cp "${traces[0]}" "$out/cex-${name#bug-}.trace.gz"
done

# Every trace must replay and re-record bit-exactly.
for t in "$out"/*.trace.gz; do
  "$EXOCHECK" replay "$t" --out "$tmp/replayed.trace.gz" >/dev/null
  cmp "$t" "$tmp/replayed.trace.gz"
done
echo "regen-traces: $(ls "$out"/*.trace.gz | wc -l) traces written and replayed bit-exactly"
