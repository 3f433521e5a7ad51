#!/usr/bin/env bash
# Issue 23's simulation figures: seeds per second of samples/ReplicatedKv's simulation test (1,000 simulated seconds
# a seed, one core), simulated seconds per wall-clock ms for an idle-heavy workload (10,000 greenlets sleeping 10 to
# 100 s at a time, for 50,000 simulated s; --longest-sleep sets the density of wake-ups, which decides the figure), and
# simulated network round trips per wall-clock ms on one core (a client greenlet, and plain code as the client). Targets:
# >= 100 simulated s per ms, >= 5,000 round trips per ms. Each mode warms up first until the JIT has been quiet for two
# seconds (the JIT's optimized code is what a long exploration runs) and prints bytes allocated per wake-up / round
# trip, a figure load cannot move.
#   benchmarks/simulation/run.sh            # the full run
#   benchmarks/simulation/run.sh --quick    # a few seconds: checks that it works, the figures mean little
# Wall-clock time: run it on a quiet machine (uptime's load below 1.5). taskset pins it to one core.
set -euo pipefail
cd "$(dirname "$0")/../.."
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish benchmarks/simulation/SimulationBench -c Release --artifacts-path "$work/artifacts" -o "$work/bench" >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
# A process that sees one core waits ten times as long before each tiering step; seen from a long exploration that is
# only a later start, so the warm-up here need not wait for it (the optimized code is the same).
export DOTNET_TC_DelaySingleProcMultiplier=1
bench=("${pin[@]}" dotnet "$work/bench/SimulationBench.dll")

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if $quick; then
  "${bench[@]}" kv --seeds 2 --seconds 50 --warm-up-ms 0 --jit-quiet-ms 0
  "${bench[@]}" idle --greenlets 1000 --seconds 100 --longest-sleep 10 --warm-up-ms 0 --jit-quiet-ms 0
  "${bench[@]}" roundtrips --count 10000 --warm-up-ms 0 --jit-quiet-ms 0
  "${bench[@]}" roundtrips --count 10000 --warm-up-ms 0 --jit-quiet-ms 0 --from-main
else
  "${bench[@]}" kv --seeds 20 --seconds 1000
  # 50,000 simulated s: each greenlet wakes about 1,300 times, so the 10,000 spawns weigh as little as in a long
  # exploration (over 1,000 s, about 26 wake-ups each, they were a third of the wall time), and the half second
  # measured is long enough for runs to agree (100 ms runs spread from 59 to 110 simulated s per ms).
  "${bench[@]}" idle --greenlets 10000 --seconds 50000
  "${bench[@]}" roundtrips --count 1000000
  "${bench[@]}" roundtrips --count 1000000 --from-main
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
