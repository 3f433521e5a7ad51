#!/usr/bin/env bash
# Instructions per wake-up (idle) and per round trip (roundtrips) of SimulationBench, counted by valgrind's callgrind
# on the hub's thread: each mode runs at two sizes after the same fixed warm-up (--warm-up-runs), and
# (instructions at the larger size - at the smaller) / (operations more) is the figure. The JIT compiles fully
# optimized code at once (DOTNET_TieredCompilation=0), so two runs compile the same code: the count is stable under
# load, where wall-clock time is not, but it is that of code without tiered PGO (compare commits, not absolute speed).
#   benchmarks/simulation/instructions.sh [idle|roundtrips ...]     # default: idle roundtrips
# GREENLET_IC_KEEP=1 keeps the callgrind files, with each run's perf map (FILE.map) to name JIT-compiled code, for
# callgrind_annotate (as benchmarks/instructions.sh does).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(idle roundtrips)

work=$(mktemp -d)
if [ -n "${GREENLET_IC_KEEP:-}" ]; then echo "callgrind files kept in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
dotnet publish benchmarks/simulation/SimulationBench -c Release --artifacts-path "$work/artifacts" -o "$work/bench" >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }

count() { # out, args...: the hub thread's instructions; the operations are read from the program's line
  local out=$1
  shift
  DOTNET_TieredCompilation=0 DOTNET_PerfMapEnabled="${GREENLET_IC_KEEP:+1}" \
    valgrind --tool=callgrind --separate-threads=yes --aspace-minaddr=0x200000000 \
    --callgrind-out-file="$out" dotnet "$work/bench/SimulationBench.dll" "$@" --warm-up-runs 2 >"$out.stdout" 2>"$out.log" &
  local pid=$!
  wait "$pid" || { cat "$out.log" >&2; exit 1; }
  [ -z "${GREENLET_IC_KEEP:-}" ] || mv "/tmp/perf-$pid.map" "$out.map" 2>/dev/null || true
  awk '/^(summary|totals):/ { print $2; exit }' "$out-01"
}

printf '%-11s %14s %14s %12s %10s\n' mode "I(small)" "I(large)" "ops more" "I/op"
for mode in "${modes[@]}"; do
  case $mode in
    idle)
      a=$(count "$work/idle.small" idle --greenlets 1000 --seconds 1000)
      b=$(count "$work/idle.large" idle --greenlets 1000 --seconds 2000)
      ops() { sed -E 's/.*simulated s, ([0-9]+) wake-ups in.*/\1/' "$1.stdout"; } ;;
    roundtrips)
      a=$(count "$work/rt.small" roundtrips --count 5000)
      b=$(count "$work/rt.large" roundtrips --count 15000)
      ops() { sed -E 's/^roundtrips [^:]*: ([0-9]+) in.*/\1/' "$1.stdout"; } ;;
    *) echo "'$mode' is not a mode: idle, roundtrips" >&2; exit 2 ;;
  esac
  small=$work/${mode/roundtrips/rt}.small
  large=$work/${mode/roundtrips/rt}.large
  more=$(( $(ops "$large") - $(ops "$small") ))
  printf '%-11s %14s %14s %12s %10.1f\n' "$mode" "$a" "$b" "$more" "$(echo "($b - $a) / $more" | bc -l)"
done
