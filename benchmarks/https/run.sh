#!/usr/bin/env bash
# HTTPS benchmark, side by side in one run: Greenlet's HttpServer with HttpServer.Tls, Kestrel with UseHttps and Go's
# net/http with ListenAndServeTLS (GOMAXPROCS=1) each
# serve "Hello, World!" over TLS (the same certificate, made here with openssl), pinned to CPU 0; wrk runs pinned
# to CPU 1: wrk -t1 -c100 -d10s --latency https://... (keep-alive: the handshakes are 100, the requests are records).
# Then idle memory: 1,000 idle TLS connections against 1,000 idle plaintext ones (idle.py, Python's ssl), the
# server's live managed bytes after a full collection, bytes allocated, and resident set size (OpenSSL's state is native).
# Usage: benchmarks/https/run.sh [--quick]   (--quick: wrk for 3 s, 200 idle connections)
set -euo pipefail
cd "$(dirname "$0")"
duration=10s; idle=1000
[ "${1:-}" = "--quick" ] && { duration=3s; idle=200; }

source ../tools.sh
require_command wrk wrk
require_command openssl openssl
require_command curl curl
require_command go golang-go

work=/tmp/https-bench
mkdir -p "$work"
source certs.sh

dotnet build greenlet -c Release -o "$work/greenlet" >/dev/null
dotnet build kestrel -c Release -o "$work/kestrel" >/dev/null
(cd go && go build -o "$work/go-https" .)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null --cacert "$work/ca.pem" "$1://localhost:$2/" --resolve "localhost:$2:127.0.0.1" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $2" >&2; return 1
}

start() {
  local scheme=$1 port=$2; shift 2
  taskset -c 0 "$@" >/dev/null 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  wait_for_port "$scheme" "$port"
}

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; }

throughput() {
  local name=$1 port=$2
  taskset -c 1 wrk -t1 -c100 -d2s "https://127.0.0.1:$port/" >/dev/null   # warm-up (JIT tiers, pools)
  local out rps p50 p99 requests before after
  before=$(curl -s --cacert "$work/ca.pem" --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/memory" | cut -d' ' -f2)
  out=$(taskset -c 1 wrk -t1 -c100 -d"$duration" --latency "https://127.0.0.1:$port/")
  after=$(curl -s --cacert "$work/ca.pem" --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/memory" | cut -d' ' -f2)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-10s wrk %10s req/s  p50 %8s  p99 %8s  allocated %6s B/request (all threads)\n' "$name" "$rps" "$p50" "$p99" "$(( (after - before) / requests ))"
}

# Go has no /memory endpoint: throughput and latency only.
throughput_only() {
  local name=$1 port=$2
  taskset -c 1 wrk -t1 -c100 -d2s "https://127.0.0.1:$port/" >/dev/null
  local out
  out=$(taskset -c 1 wrk -t1 -c100 -d"$duration" --latency "https://127.0.0.1:$port/")
  printf '%-10s wrk %10s req/s  p50 %8s  p99 %8s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

# A new connection, so a full handshake, per request: wrk reconnects after each "Connection: close" answer.
handshakes() {
  local name=$1 port=$2 out
  out=$(taskset -c 1 wrk -t1 -c100 -d"$duration" -H "Connection: close" "https://127.0.0.1:$port/")
  printf '%-10s new connection per request: %10s handshakes+requests/s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start https 18443 dotnet "$work/greenlet/HttpsPlaintext.dll" 18443 "$work/server.pem" "$work/server.key"
throughput greenlet 18443
handshakes greenlet 18443
taskset -c 1 /usr/bin/python3 idle.py 18443 "$idle" tls
stop
start https 18444 dotnet "$work/kestrel/KestrelHttps.dll" 18444 "$work/server.pem" "$work/server.key"
throughput kestrel 18444
handshakes kestrel 18444
taskset -c 1 /usr/bin/python3 idle.py 18444 "$idle" tls
stop
start https 18446 env GOMAXPROCS=1 "$work/go-https" 18446 "$work/server.pem" "$work/server.key"
throughput_only go 18446
handshakes go 18446
stop
start http 18445 dotnet "$work/greenlet/HttpsPlaintext.dll" 18445 "$work/server.pem" "$work/server.key" plain
taskset -c 1 /usr/bin/python3 idle.py 18445 "$idle" plain
stop
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
