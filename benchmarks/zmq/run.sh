#!/usr/bin/env bash
# ZeroMQ benchmarks side by side: Greenlet (two greenlets on one hub), plain blocking libzmq from C# (two
# threads, no hub) and gevent with zmq.green (two greenlets), one after another on this machine; then a markdown
# table with the ratios. See ../README.md.
#
# Usage: benchmarks/zmq/run.sh [--quick]
#
# Environment:
#   GEVENT_PYTHON  interpreter with gevent and pyzmq (default /usr/bin/python3)
#   PEER_TIMEOUT   seconds allowed per program (default 600)
set -euo pipefail

quick=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${GEVENT_PYTHON:-/usr/bin/python3}"
timeout_s="${PEER_TIMEOUT:-600}"
source "$here/../tools.sh"
require_python_module gevent python3-gevent
require_python_module zmq python3-zmq
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "[zmq-bench] building Greenlet.ZmqBenchmarks (Release)" >&2
dotnet build "$here/Greenlet.ZmqBenchmarks.csproj" -c Release --artifacts-path "$work/artifacts" -v quiet -nologo >&2
bench_dll="$(find "$work/artifacts/bin" -name Greenlet.ZmqBenchmarks.dll | head -n 1)"

echo "[zmq-bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
timeout "$timeout_s" dotnet "$bench_dll" all "${quick[@]}" | tee "$work/results.txt"
"$python" -c 'import gevent, zmq.green' 2>/dev/null || { echo "[zmq-bench] $python lacks gevent or pyzmq (apt-get install python3-gevent python3-zmq)" >&2; exit 1; }
timeout "$timeout_s" "$python" "$here/zmq_green.py" "${quick[@]}" | tee -a "$work/results.txt"
echo "[zmq-bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One row per workload: each program's figure, and Greenlet's ratio to each (for processor time, the ratio is
# theirs over ours, so that above 1 means Greenlet is better in both tables).
table() {
  awk -v unit="$1" -v title="$2" -v invert="$3" '
    /^RESULT / {
      delete f
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      if (f["unit"] != unit) next
      value[f["workload"], f["peer"]] = f["value"]
      if (!(f["workload"] in seen)) { seen[f["workload"]] = 1; order[++n] = f["workload"] }
    }
    END {
      print ""
      print "| workload | Greenlet " title " | blocking libzmq | gevent+zmq.green | vs blocking | vs gevent |"
      print "|---|---:|---:|---:|---:|---:|"
      for (k = 1; k <= n; k++) {
        w = order[k]; g = value[w, "greenlet"]; b = value[w, "blocking-libzmq"]; p = value[w, "gevent-zmq.green"]
        if (g == "" || b == "" || p == "") { print "missing figures for " w > "/dev/stderr"; bad = 1; continue }
        printf "| %s | %s | %s | %s | %.2f | %.1f |\n", w, g, b, p, invert ? b / g : g / b, invert ? p / g : g / p
      }
      exit bad
    }' "$work/results.txt"
}

table ops/s "ops/s" 0
table cpu-us/op "cpu µs/op" 1
