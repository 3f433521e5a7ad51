#!/usr/bin/env bash
# Slow clients against Greenlet's HttpServer with its default limits: 2,000 slowloris connections (a request head
# trickled one line every 10 s) and 500 slow-body connections (a body trickled at 1 byte/s, reopened when cut, for
# 32 s), together. A well-behaved client measures GET latency p99 before and during the attack (one keep-alive
# connection, then a new connection per GET). Checks that every slow connection got its 408 within its documented
# deadline (30 s from a head's first byte; 5 s of body grace at 240 bytes/s; 2 s of tolerance), that each cut was
# logged once, and that the server's descriptor count (ls /proc/PID/fd) returns to its baseline.
# Usage: benchmarks/http/slow-clients/run.sh [attacker flags, e.g. -slowloris 200 -slow-bodies 50]
# Loopback only; about 50 s. The server is pinned to CPU 0 and the attacker to CPU 1, as in ../run.sh.
set -euo pipefail
cd "$(dirname "$0")"

source ../../tools.sh
require_command go golang-go

ulimit -n "$(ulimit -Hn)" # 2,500 connections on each side
dotnet build server -c Release -o /tmp/slow-clients/server >/dev/null
(cd attacker && go build -o /tmp/slow-clients/attacker .)

port=18090
log=/tmp/slow-clients/connection.log
taskset -c 0 dotnet /tmp/slow-clients/server/SlowClientsServer.dll "$port" >/dev/null 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$port/"; done # warm-up (JIT tiers)

status=0
taskset -c 1 /tmp/slow-clients/attacker -port "$port" -pid "$server" "$@" || status=$?
echo "log:    $(grep -c 'request head not complete' "$log" || true) head cuts and $(grep -c 'request body too slow' "$log" || true) body cuts logged, $(grep -c '^info' "$log" || true) information lines in all ($log)"
exit "$status"
