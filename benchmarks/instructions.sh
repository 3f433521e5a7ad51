#!/usr/bin/env bash
# Instructions per operation of the count workloads, by valgrind --tool=callgrind: each workload runs at two sizes
# after the same fixed warm-up; callgrind's counters are zeroed as the measured run starts and dumped as it ends
# (a handshake on the program's standard input), and (instructions of the hub thread at the larger size - at the
# smaller) / (operations more) is the figure. Other processes cannot change it, so two commits compare on a busy
# machine, where wall-clock time does not; what still varies from run to run is the code itself, since the tiered
# JIT's profile-guided choices (which calls it devirtualizes) depend on when its background compiles land.
#
#   benchmarks/instructions.sh [workload ...]     # default: switch spawn-join event-handoff queue nested-call; also queue-timeout, switch-seeded, ...
#
# Environment: GREENLET_IC_SMALL / GREENLET_IC_LARGE (rounds, default 20000 / 320000), GREENLET_IC_BUILD (a folder
# holding a built Greenlet.Benchmarks; default: build this tree into a temporary folder), GREENLET_IC_KEEP=1 (keep the
# callgrind files for callgrind_annotate, with each run's perf map to name JIT-compiled code), GREENLET_IC_VALGRIND_ARGS
# (more valgrind options, such as --dump-instr=yes).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }

small=${GREENLET_IC_SMALL:-20000}
large=${GREENLET_IC_LARGE:-320000}
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(switch spawn-join event-handoff queue nested-call)

work=$(mktemp -d)
if [ -n "${GREENLET_IC_KEEP:-}" ]; then echo "callgrind files kept in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
build=${GREENLET_IC_BUILD:-}
if [ -z "$build" ]; then
  dotnet build -c Release benchmarks/Greenlet.Benchmarks --artifacts-path "$work/artifacts" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
  build=$(dirname "$(find "$work/artifacts/bin" -name Greenlet.Benchmarks.dll | head -1)")
fi

wait_for_line() { # file, text
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$1" "$out.log" >&2; echo "the benchmark ended early" >&2; exit 1; }
    sleep 0.5
  done
}

# Instructions the main (hub) thread executed in the measured run: callgrind writes one file per thread and dump.
measured_instructions() { # out-prefix, workload, n
  out=$1
  mkfifo "$out.in"
  # Call counting at once, not after 100 ms of quiet: under valgrind the warm-up is 50 times slower.
  # --aspace-minaddr: with valgrind's default low addresses the JIT's optimized compiles of the hot methods fail and
  # are redone with minimal optimization (DOTNET_JitDisasm shows "compiling with minopt" for Tier1), so without it
  # the counts are those of unoptimized code, not of what runs natively.
  DOTNET_TC_CallCountingDelayMs=0 GREENLET_COUNT_PAUSE_MS=2000 GREENLET_COUNT_HANDSHAKE=1 \
    DOTNET_PerfMapEnabled="${GREENLET_IC_KEEP:+1}" \
    valgrind --tool=callgrind --separate-threads=yes --aspace-minaddr=0x200000000 ${GREENLET_IC_VALGRIND_ARGS:-} --callgrind-out-file="$out" \
    dotnet "$build/Greenlet.Benchmarks.dll" count "$2" "$3" <"$out.in" >"$out.stdout" 2>"$out.log" &
  pid=$!
  exec 3>"$out.in"
  wait_for_line "$out.stdout" "warm-up done"
  callgrind_control --zero "$pid" >/dev/null 2>&1
  echo >&3
  wait_for_line "$out.stdout" ": measured"
  callgrind_control --dump=measured "$pid" >/dev/null 2>&1
  echo >&3
  exec 3>&-
  wait "$pid"
  [ -z "${GREENLET_IC_KEEP:-}" ] || mv "/tmp/perf-$pid.map" "$out.map" 2>/dev/null || true
  # The dump requested by callgrind_control is part 1; the main thread's file ends in -01.
  awk '/^summary:/ { print $2 }' "$out.1-01"
}

printf '%-14s %14s %14s %10s\n' workload "I(n=$small)" "I(n=$large)" "I/op"
for workload in "${workloads[@]}"; do
  a=$(measured_instructions "$work/$workload.small" "$workload" "$small")
  b=$(measured_instructions "$work/$workload.large" "$workload" "$large")
  case $workload in switch|switch-seeded|event-handoff|event-handoff-reused) per_round=2 ;; *) per_round=1 ;; esac
  printf '%-14s %14s %14s %10.1f\n' "$workload" "$a" "$b" "$(echo "($b - $a) / (($large - $small) * $per_round)" | bc -l)"
done
