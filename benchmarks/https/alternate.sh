#!/usr/bin/env bash
# Two HTTPS servers in turns, in one run: the way to compare two builds (or two servers) on this noisy machine, where
# script runs minutes apart differ by a third. Each server is started pinned to CPU 0, warmed with wrk for 2 s, then
# measured with `wrk -t1 -c100 -d5s` pinned to CPU 1, as run.sh pins them; ROUNDS rounds (default 3), then medians.
# The servers listen on port 18443 with run.sh's certificate (run benchmarks/https/run.sh --quick once to make it).
#
#   benchmarks/https/alternate.sh LABEL_A "COMMAND A" LABEL_B "COMMAND B"
#   e.g. w=/tmp/https-bench; benchmarks/https/alternate.sh \
#          greenlet "dotnet $w/greenlet/HttpsPlaintext.dll 18443 $w/server.pem $w/server.key" \
#          go "env GOMAXPROCS=1 $w/go-https 18443 $w/server.pem $w/server.key"
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,10p' "$0"; exit 2; }
rounds=${ROUNDS:-3}
declare -A results

one() {
  local label=$1 command=$2 pid rate
  # shellcheck disable=SC2086 # the command is a word list on purpose
  taskset -c 0 $command >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null -k https://127.0.0.1:18443/ && break; sleep 0.1; done
  taskset -c 1 wrk -t1 -c100 -d2s https://127.0.0.1:18443/ >/dev/null
  rate=$(taskset -c 1 wrk -t1 -c100 -d5s https://127.0.0.1:18443/ | awk '/Requests\/sec/ {print $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label $rate req/s (load $(cut -d' ' -f1 /proc/loadavg))"
  results[$label]+="$rate "
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for _ in $(seq 1 "$rounds"); do
  one "$1" "$2"
  one "$3" "$4"
done
a=$(median <<<"${results[$1]}"); b=$(median <<<"${results[$3]}")
echo "median of $rounds: $1 $a, $3 $b req/s; $1/$3 $(echo "scale=2; $a / $b" | bc)"
