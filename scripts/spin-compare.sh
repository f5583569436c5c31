#!/usr/bin/env bash
# exocheck against SPIN 6.5.2 on the same protocol: the grant/revoke benchmark
# (specs/bench/grant-revoke*.exo) and its Promela twin (bench/spin/grant-revoke.pml).
#
#   scripts/spin-compare.sh --check [--frames 2|4] [--mutant NAME ...]
#       Once (default: the small benchmark, 2 frames): exit 1 unless SPIN
#       stores as many states as exocheck finds distinct ones, takes as many
#       transitions of each operation as exocheck's coverage counts, and as
#       many self-loops (SPIN built with -DCOUNT_OPS). Part of
#       scripts/test.sh: two independent models of the same hypervisor
#       semantics must agree on the state space, transition for transition.
#       Then, for each of exocheck's hypervisor mutants this benchmark
#       reaches, the same bug switched on in the Promela model (-D, see the
#       model): exit 1 unless SPIN's breadth-first search finds an assertion
#       violated at the length of exocheck's shortest counterexample.
#       With --mutant NAME (repeatable), exocheck explores with that mutant
#       on and the check must fail: a way to see that it can.
#   scripts/spin-compare.sh [--rounds N] [--frames 2|4] [--jobs J]
#       The benchmark (default: 4 frames, 5,020,160 states), N rounds
#       (default 3), each running in turn, on the same machine:
#       `exocheck explore --jobs J` (J default 1), SPIN's depth-first search
#       (its default; with --jobs 1 only) and SPIN's parallel breadth-first
#       search (-DBFS_PAR) on J cores. Prints each run, the
#       medians, and exocheck's speed as a multiple of each SPIN mode's.
#   scripts/spin-compare.sh --scaling [--rounds N] [--frames 2|4] [--jobs J]
#       Each round runs exocheck with --jobs 1 and --jobs J (default 2), and
#       SPIN's parallel breadth-first search on 1 and J cores; prints each
#       tool's speed-up per round and the medians. What this machine gives
#       a second core on this workload, measured on a tool that is not ours
#       beside ours.
#
# SPIN searches exhaustively: full state storage (its hash-compact -DHC4
# drops states here: 4,932,266 of 5,020,160), no partial-order reduction
# (-DNOREDUCE; it finds none here, nor does exocheck), assertions checked
# (-DSAFETY). Its breadth-first modes refuse hidden variables, so they get
# the model with -DNOHIDDEN. Times are each tool's own (pan's "elapsed
# time", exocheck's `elapsed_seconds`): neither parsing nor compiling is in
# them. Needs `spin` and gcc (scripts/bootstrap.sh installs spin) and the
# release build of exocheck.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=bench rounds=3 frames= jobs=
mutants=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check; rounds=1 ;;
    --scaling) mode=scaling ;;
    --rounds) rounds="$2"; shift ;;
    --frames) frames="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --mutant) mutants+=(--mutant "$2"); shift ;;
    *) echo "spin-compare: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$frames" ] || { [ "$mode" = check ] && frames=2 || frames=4; }
case "$frames" in
  2) spec=specs/bench/grant-revoke.exo; depth="-m200000"; hash="-w20" ;;
  4) spec=specs/bench/grant-revoke-large.exo; depth="-m10000000"; hash="-w26" ;;
  *) echo "spin-compare: --frames must be 2 or 4" >&2; exit 2 ;;
esac
[ -n "$jobs" ] || { [ "$mode" = scaling ] && jobs=2 || jobs=1; }
case "$jobs" in ''|*[!0-9]*|0) echo "spin-compare: --jobs must be a positive number" >&2; exit 2 ;; esac
command -v spin >/dev/null || { echo "spin-compare: spin is not installed (scripts/bootstrap.sh installs it)" >&2; exit 2; }
exo=.build/release/exocheck
[ -x "$exo" ] || swift build -c release -Xswiftc -cross-module-optimization

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp bench/spin/grant-revoke.pml "$work/"

# build NAME SPIN-DEFINES GCC-DEFINES: $work/NAME, a pan.
build() {
  mkdir "$work/$1"
  (cd "$work/$1" && spin -DFRAMES="$frames" $2 -a ../grant-revoke.pml >/dev/null \
    && gcc -O2 -DNOREDUCE -DSAFETY $3 -o pan pan.c)
}
# The first number after KEY in exocheck's JSON summary.
json() { grep -o "\"$1\":[0-9.e+-]*" "$2" | head -1 | cut -d: -f2; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# run_spin NAME ARGS...: runs $work/NAME/pan; sets s_stored, s_secs.
run_spin() {
  local dir="$work/$1"; shift
  (cd "$dir" && ./pan "$@" > pan.out 2>&1) || { cat "$dir/pan.out" >&2; echo "spin-compare: pan failed" >&2; exit 1; }
  grep -q "errors: 0" "$dir/pan.out" || { cat "$dir/pan.out" >&2; echo "spin-compare: SPIN found an error" >&2; exit 1; }
  if grep -q "max search depth too small" "$dir/pan.out"; then
    echo "spin-compare: SPIN's search was cut by its depth limit ($depth)" >&2; exit 1
  fi
  s_stored=$(awk '/states, stored/ {print $1}' "$dir/pan.out")
  s_secs=$(awk '/pan: elapsed time/ {print $4}' "$dir/pan.out")
}
# run_exo JOBS [ARGS...]: explores with --mutant of the command line and
# ARGS; sets e_rc (0 holds, 1 a violation), e_states, e_gen, e_secs,
# e_loops; the summary in $work/exo.json.
run_exo() {
  local jobs="$1"; shift
  # Exit 1 is a violation (a mutant's, say): its counts are compared too.
  e_rc=0
  "$exo" explore "$spec" --jobs "$jobs" --json ${mutants[@]+"${mutants[@]}"} "$@" > "$work/exo.json" 2>/dev/null || e_rc=$?
  [ "$e_rc" -le 1 ] || { echo "spin-compare: exocheck failed (exit $e_rc)" >&2; exit 1; }
  e_states=$(json distinct_states "$work/exo.json")
  e_gen=$(json generated_states "$work/exo.json")
  e_secs=$(json elapsed_seconds "$work/exo.json")
  e_loops=$(json self_loop_transitions "$work/exo.json")
}
same_states() {
  if [ "$s_stored" != "$e_states" ]; then
    echo "spin-compare: the state spaces differ: SPIN ($1) stores $s_stored states, exocheck finds $e_states" >&2
    exit 1
  fi
}

if [ "$mode" = check ]; then
  build count "-DCOUNT_OPS" ""
  run_spin count $depth $hash
  run_exo 1
  echo "spin $s_stored states, ${s_secs}s | exocheck $e_states states, $e_gen transitions, ${e_secs}s"
  same_states dfs
  # Per operation: SPIN's counts (`op NAME N`) against exocheck's coverage.
  grep '^op ' "$work/count/pan.out" | awk '{print $2, $3}' | sort > "$work/spin.ops"
  grep -o '"count":[0-9]*,"name":"[a-z_]*"' "$work/exo.json" \
    | sed 's/"count":\([0-9]*\),"name":"\([a-z_]*\)"/\2 \1/' | sort > "$work/exo.ops"
  if ! diff "$work/spin.ops" "$work/exo.ops" > "$work/ops.diff"; then
    echo "spin-compare: transitions per operation differ (< SPIN, > exocheck):" >&2
    cat "$work/ops.diff" >&2
    exit 1
  fi
  # Steps that leave the state as it was: a call one model refuses and the
  # other carries out shows here even when the counts above agree.
  s_loops=$(awk '/^self-loops/ {print $2}' "$work/count/pan.out")
  if [ "$s_loops" != "$e_loops" ]; then
    echo "spin-compare: self-loops differ: SPIN $s_loops, exocheck $e_loops" >&2
    exit 1
  fi
  echo "spin-compare: SPIN and exocheck agree on $spec: $e_states states;" \
       "$e_gen transitions, the same number of each operation; $e_loops self-loops"
  [ ${#mutants[@]} -eq 0 ] || exit 0
  # exocheck's mutant and the Promela model's switch for the same bug.
  for pair in end-access-while-mapped:END_ACCESS_WHILE_MAPPED map-ignores-readonly:MAP_IGNORES_READONLY \
              readonly-downgrade-ignores-writing:READONLY_DOWNGRADE_IGNORES_WRITING free-while-mapped:FREE_WHILE_MAPPED; do
    name="${pair%%:*}" define="${pair##*:}"
    build "$name" "-DNOHIDDEN -D$define" "-DBFS"
    (cd "$work/$name" && ./pan $hash > pan.out 2>&1) || true
    grep -q "errors: 1" "$work/$name/pan.out" || { cat "$work/$name/pan.out" >&2; echo "spin-compare: SPIN finds no violation with $define" >&2; exit 1; }
    # pan gives the depth of the state the violating step leaves from.
    s_len=$(($(grep -o "(at depth [0-9]*)" "$work/$name/pan.out" | head -1 | tr -dc 0-9) + 1))
    s_what=$(grep -m1 "assertion violated" "$work/$name/pan.out" | sed 's/.*assertion violated *//; s/ (at depth.*//')
    run_exo 1 --mutant "$name"
    [ "$e_rc" -eq 1 ] || { echo "spin-compare: exocheck finds no violation with --mutant $name" >&2; exit 1; }
    first=$(sed 's/.*"violations":\[//' "$work/exo.json")
    e_len=$(grep -o '"depth":[0-9]*' <<< "$first" | head -1 | cut -d: -f2)
    e_what=$(grep -o '"invariant":"[a-z-]*"' <<< "$first" | head -1 | cut -d'"' -f4)
    echo "mutant $name: exocheck $e_what after $e_len steps | SPIN $s_what after $s_len steps"
    if [ "$s_len" != "$e_len" ]; then
      echo "spin-compare: the shortest counterexamples differ with $name: SPIN $s_len steps, exocheck $e_len" >&2
      exit 1
    fi
  done
  echo "spin-compare: SPIN and exocheck find each mutant's shortest counterexample at the same length"
  exit 0
fi

if [ "$mode" = scaling ]; then
  build par "-DNOHIDDEN" "-DBFS_PAR"
  exo1=() exoJ=() par1=() parJ=()
  for r in $(seq "$rounds"); do
    run_exo 1; exo1+=("$e_secs"); a="$e_secs"
    run_exo "$jobs"; exoJ+=("$e_secs"); b="$e_secs"
    run_spin par -u1 $hash; same_states "bfs-par -u1"; par1+=("$s_secs"); c="$s_secs"
    run_spin par -u"$jobs" $hash; same_states "bfs-par -u$jobs"; parJ+=("$s_secs"); d="$s_secs"
    awk -v r="$r" -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v j="$jobs" 'BEGIN {
      printf "round %d: exocheck %.2fs / %.2fs = %.2fx, spin bfs-par %.2fs / %.2fs = %.2fx (1 / %d cores)\n", r, a, b, a / b, c, d, c / d, j }'
  done
  awk -v a="$(median "${exo1[@]}")" -v b="$(median "${exoJ[@]}")" -v c="$(median "${par1[@]}")" \
      -v d="$(median "${parJ[@]}")" -v j="$jobs" 'BEGIN {
    printf "median: exocheck %.2fs / %.2fs = %.2fx, spin bfs-par %.2fs / %.2fs = %.2fx (1 / %d cores)\n", a, b, a / b, c, d, c / d, j }'
  exit 0
fi

[ "$jobs" -eq 1 ] && build dfs "" ""
build par "-DNOHIDDEN" "-DBFS_PAR"
dfs_secs=() par_secs=() exo_secs=()
for r in $(seq "$rounds"); do
  run_exo "$jobs"
  exo_secs+=("$e_secs")
  line="round $r: exocheck --jobs $jobs ${e_secs}s"
  if [ "$jobs" -eq 1 ]; then
    run_spin dfs $depth $hash; same_states dfs
    dfs_secs+=("$s_secs"); line="$line, spin dfs ${s_secs}s"
  fi
  run_spin par -u"$jobs" $hash; same_states "bfs-par"
  par_secs+=("$s_secs")
  echo "$line, spin bfs-par -u$jobs ${s_secs}s ($e_states states each)"
done

# ratio LABEL SECONDS...: one line of medians against exocheck's.
me=$(median "${exo_secs[@]}")
ratio() {
  local label="$1"; shift
  awk -v n="$e_states" -v s="$(median "$@")" -v e="$me" -v l="$label" 'BEGIN {
    printf "median: %s %.2fs (%.0f states/s); exocheck %.2fx its speed\n", l, s, n / s, s / e }'
}
awk -v n="$e_states" -v e="$me" -v j="$jobs" 'BEGIN {
  printf "median: exocheck --jobs %d %.2fs (%.0f states/s)\n", j, e, n / e }'
[ "$jobs" -eq 1 ] && ratio "spin dfs" "${dfs_secs[@]}"
ratio "spin bfs-par -u$jobs" "${par_secs[@]}"
