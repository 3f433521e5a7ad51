#!/usr/bin/env bash
# Reads one big file (1 GB by default) through GreenFileStream on the hub (1 MiB reads: from the page cache on the
# hub; 4 MiB reads: one pool job each), a plain FileStream on a thread,
# FileStream async, and gevent's FileObjectThread, each while a 1 ms ticker records its worst gap; then a markdown
# table of MB/s and worst gap. The file is read once before the runs, so every reader gets it from the page cache.
# Needs a quiet machine for figures worth keeping.
#
# Usage: benchmarks/files/run.sh [--quick] [size in MB] [chunk bytes]   (defaults 1024 MB and 1 MiB; --quick: 16 MB)
#
# Environment:
#   GEVENT_PYTHON  interpreter with gevent (default /usr/bin/python3)
#   FILES_DIR      where the file is written (default a temporary directory)
#   PEER_TIMEOUT   seconds allowed per program (default 600)
set -euo pipefail

size_mb=1024
if [[ "${1:-}" == "--quick" ]]; then
  size_mb=16
  shift
fi
size_mb="${1:-$size_mb}"
chunk="${2:-1048576}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${GEVENT_PYTHON:-/usr/bin/python3}"
timeout_s="${PEER_TIMEOUT:-600}"
source "$here/../tools.sh"
require_python_module gevent python3-gevent
work="$(mktemp -d)"
files_dir="${FILES_DIR:-$work}"
file="$files_dir/files-bench-$$.bin"
trap 'rm -rf "$work" "$file"' EXIT

echo "[files-bench] building the Greenlet program" >&2
dotnet build "$here/greenlet/files-bench.csproj" -c Release --artifacts-path "$work/artifacts" -v quiet -nologo >&2
bench_dll="$(find "$work/artifacts/bin" -name files-bench.dll | head -n 1)"

echo "[files-bench] writing $size_mb MB to $file" >&2
head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$file"
cat "$file" > /dev/null

echo "[files-bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
{
  timeout "$timeout_s" dotnet "$bench_dll" "$file" "$chunk"
  timeout "$timeout_s" "$python" "$here/gevent_fileobject.py" "$file" "$chunk"
} | tee "$work/results.txt"
echo "[files-bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

awk '
  /^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (f["peer"] == "filestream-thread") base = f["value"]
    peer[++n] = f["peer"]; value[n] = f["value"]; gap[n] = f["worst-gap-ms"]; workload = f["workload"]
  }
  END {
    print ""
    print "| reader (" workload ") | MB/s | vs FileStream on a thread | ticker worst gap (ms) |"
    print "|---|---:|---:|---:|"
    for (k = 1; k <= n; k++) printf "| %s | %s | %.2f | %s |\n", peer[k], value[k], value[k] / base, gap[k]
  }' "$work/results.txt"
