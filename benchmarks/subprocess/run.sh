#!/usr/bin/env bash
# `echo hi` round trips per second from one process: Greenlet (GreenProcess.Run on one hub), gevent.subprocess.run
# and Go's os/exec, one after another on this machine, one after another and 32 at a time; then a markdown table.
# Needs a quiet machine for figures worth keeping.
#
# Usage: benchmarks/subprocess/run.sh [count] [concurrency]   (defaults 2000 and 32)
#
# Environment:
#   GEVENT_PYTHON  interpreter with gevent (default /usr/bin/python3)
#   PEER_TIMEOUT   seconds allowed per program (default 600)
set -euo pipefail

count="${1:-2000}"
concurrency="${2:-32}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${GEVENT_PYTHON:-/usr/bin/python3}"
timeout_s="${PEER_TIMEOUT:-600}"
source "$here/../tools.sh"
require_python_module gevent python3-gevent
command -v go >/dev/null || { echo "[subprocess-bench] go is not installed (apt-get install golang-go)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "[subprocess-bench] building the Greenlet and Go programs" >&2
dotnet build "$here/greenlet/subprocess-bench.csproj" -c Release --artifacts-path "$work/artifacts" -v quiet -nologo >&2
bench_dll="$(find "$work/artifacts/bin" -name subprocess-bench.dll | head -n 1)"
(cd "$here/go" && GOPROXY=off GOFLAGS=-mod=mod go build -o "$work/go-bench" .)

echo "[subprocess-bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
{
  timeout "$timeout_s" dotnet "$bench_dll" "$count" "$concurrency"
  timeout "$timeout_s" "$python" "$here/gevent_subprocess.py" "$count" "$concurrency"
  timeout "$timeout_s" "$work/go-bench" "$count" "$concurrency"
} | tee "$work/results.txt"
echo "[subprocess-bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

awk '
  /^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    value[f["workload"], f["peer"]] = f["value"]
    if (!(f["workload"] in seen)) { seen[f["workload"]] = 1; order[++n] = f["workload"] }
  }
  END {
    print ""
    print "| workload (echo hi, round trips/s) | Greenlet | gevent | Go os/exec | vs gevent | vs Go |"
    print "|---|---:|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
      w = order[k]; g = value[w, "greenlet"]; p = value[w, "gevent"]; o = value[w, "go-os/exec"]
      printf "| %s | %s | %s | %s | %.2f | %.2f |\n", w, g, p, o, g / p, g / o
    }
  }' "$work/results.txt"
