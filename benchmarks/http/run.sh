#!/usr/bin/env bash
# HTTP plaintext benchmark, side by side in one run: Greenlet's HttpServer, Kestrel (minimal API, Release),
# Go net/http and gevent pywsgi each serve "Hello, World!" pinned to CPU 0; wrk and ab run pinned to CPU 1.
#   wrk -t1 -c100 -d10s --latency (keep-alive), then ab -n 10000 -c 100 (the tutorial's, a connection per request).
# Usage: benchmarks/http/run.sh [--quick]   (--quick: wrk for 3 s, ab -n 2000)
# Prints one line per server: requests/s and p99 latency from wrk, requests/s from ab. Loopback only.
set -euo pipefail
cd "$(dirname "$0")"
duration=10s; ab_requests=10000
[ "${1:-}" = "--quick" ] && { duration=3s; ab_requests=2000; }

source ../tools.sh
require_command go golang-go
require_command wrk wrk
require_command ab apache2-utils
require_command curl curl
require_python_module gevent python3-gevent

dotnet build greenlet -c Release -o /tmp/http-bench/greenlet >/dev/null
dotnet build kestrel -c Release -o /tmp/http-bench/kestrel >/dev/null
(cd go && go build -o /tmp/http-bench/go-peer .)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2; return 1
}

run_peer() {
  local name=$1 port=$2; shift 2
  taskset -c 0 "$@" >/dev/null 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_for_port "$port"
  taskset -c 1 wrk -t1 -c100 -d2s "http://127.0.0.1:$port/" >/dev/null   # warm-up (JIT tiers, pools)
  local wrk_out ab_out
  wrk_out=$(taskset -c 1 wrk -t1 -c100 -d"$duration" --latency "http://127.0.0.1:$port/")
  ab_out=$(taskset -c 1 ab -q -n "$ab_requests" -c 100 "http://127.0.0.1:$port/" 2>&1)
  local rps p99 ab_rps
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$wrk_out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$wrk_out")
  ab_rps=$(awk '/Requests per second/ {print $4}' <<<"$ab_out")
  printf '%-10s wrk %10s req/s  p99 %8s   ab %10s req/s\n' "$name" "$rps" "$p99" "$ab_rps"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_peer greenlet 18080 dotnet /tmp/http-bench/greenlet/HttpPlaintext.dll 18080
run_peer kestrel 18081 dotnet /tmp/http-bench/kestrel/Kestrel.dll 18081
run_peer go 18082 env GOMAXPROCS=1 /tmp/http-bench/go-peer 18082
run_peer gevent 18083 /usr/bin/python3 gevent/plaintext.py 18083
