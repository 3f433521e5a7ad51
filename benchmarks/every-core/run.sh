#!/usr/bin/env bash
# Every core, side by side in one run (issue 21's figures). Nothing is pinned: each server may use both cores and
# shares them with its load generator, as the issue asks, so every peer runs under the same conditions.
#   HTTP plaintext, wrk -t2 -c256 (keep-alive): Greenlet with one hub and with a hub per core (Workers = 2),
#     Kestrel (defaults), Go net/http (GOMAXPROCS=2).
#   TCP echo, the C load generator (benchmarks/echo/load, 256 connections, 64 bytes): Greenlet with one hub and with
#     a hub per core, Go (GOMAXPROCS=2).
# Each table also gives the server's CPU time per request (perf stat task-clock, all threads), for docs/scaling.md.
# Usage: benchmarks/every-core/run.sh [--quick]   (--quick: 1 s warm-up and 3 s measured instead of 2 s and 10 s)
# Environment: ROUNDS (3; each round runs every server once, in turn, and the table shows the median per server: on a
#   machine this small one run of one server can be 1.5 times another of the same, and rounds spread that over all),
#   LOAD_CPUS (unset: nothing pinned; e.g. 1: wrk and the echo load generator run on CPU 1 only, taskset, while every
#   server may use both cores; the same for every peer).
# The echo table also gives the generator's CPU per round trip: with both saturating the cores the rate is about
# 2 cores / (server CPU + generator CPU), so that sum bounds the ratios. benchmarks/every-core/echo-cost.sh counts
# what one round trip costs each server (system calls, switches, CPU) over a fixed number of round trips.
# Prints two markdown tables on stdout; progress on stderr. Loopback only; every program is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
warmup=2; duration=10
[[ "${1:-}" == "--quick" ]] && { warmup=1; duration=3; }
rounds="${ROUNDS:-3}"
load_cpu=()
[[ -n "${LOAD_CPUS:-}" ]] && load_cpu=(taskset -c "$LOAD_CPUS")
work="$(mktemp -d)"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
log() { echo "[every-core] $*" >&2; }

source "$bench/tools.sh"
require_command go golang-go
require_command wrk wrk
require_command gcc gcc
require_command curl curl
require_command perf linux-perf

log "building"
dotnet build "$bench/http/greenlet" -c Release -o "$work/http-greenlet" -v quiet -nologo >&2
dotnet build "$bench/http/kestrel" -c Release -o "$work/kestrel" -v quiet -nologo >&2
(cd "$bench/http/go" && go build -o "$work/http-go" .)
dotnet build "$bench/echo/greenlet/EchoServer.csproj" -c Release -o "$work/echo-greenlet" -v quiet -nologo >&2
(cd "$bench/echo/go" && go build -o "$work/echo-go" ./server)
gcc -O2 -Wall -Wextra -Werror -o "$work/load" "$bench/echo/load/load.c"

start() { # name, command...: starts a server in the background, its output in $work/<name>.out
  local name=$1; shift
  "$@" > "$work/$name.out" 2> "$work/$name.err" &
  server_pid=$!
}
stop() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

wait_for_http() {
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  log "nothing answers on port $1"; cat "$work"/*.err >&2; return 1
}

http_command() {
  case "$1" in
    greenlet-1-hub) echo dotnet "$work/http-greenlet/HttpPlaintext.dll" 18090 1 ;;
    greenlet-2-hubs) echo dotnet "$work/http-greenlet/HttpPlaintext.dll" 18091 2 ;;
    kestrel) echo dotnet "$work/kestrel/Kestrel.dll" 18092 ;;
    go) echo env GOMAXPROCS=2 "$work/http-go" 18093 ;;
  esac
}
http_port() { case "$1" in greenlet-1-hub) echo 18090 ;; greenlet-2-hubs) echo 18091 ;; kestrel) echo 18092 ;; go) echo 18093 ;; esac; }

echo_command() {
  case "$1" in
    greenlet-1-hub) echo "$work/echo-greenlet/EchoServer" 0 1 ;;
    greenlet-2-hubs) echo "$work/echo-greenlet/EchoServer" 0 2 ;;
    go) echo env GOMAXPROCS=2 "$work/echo-go" 0 ;;
  esac
}

http_servers=(greenlet-1-hub greenlet-2-hubs kestrel go)
echo_servers=(greenlet-1-hub greenlet-2-hubs go)
declare -A http_rps http_p99 http_cpu echo_rps echo_p99 echo_cpu echo_load_cpu

# The server's CPU time over the measured period (perf stat's task-clock, every thread): the cost per request is
# what says how a server would use more cores than this machine has (docs/scaling.md).
measure_cpu() {
  perf stat -x, -e task-clock -p "$server_pid" -- sleep "$duration" 2> "$work/cpu" &
  perf_pid=$!
}
measured_cpu_ms() { awk -F, '/task-clock/ {print $1; exit}' "$work/cpu"; } # after `wait "$perf_pid"`
per_item() { awk -v c="$1" -v n="$2" 'BEGIN { if (n > 0 && c != "") printf "%.1f", c * 1000 / n; else print "n/a" }'; }

for round in $(seq 1 "$rounds"); do
  for name in "${http_servers[@]}"; do
    port="$(http_port "$name")"
    # shellcheck disable=SC2046
    start "http-$name" $(http_command "$name")
    wait_for_http "$port"
    timeout 30 "${load_cpu[@]}" wrk -t2 -c256 -d"${warmup}s" "http://127.0.0.1:$port/" > /dev/null
    measure_cpu
    out="$(timeout $((duration + 30)) "${load_cpu[@]}" wrk -t2 -c256 -d"${duration}s" --latency "http://127.0.0.1:$port/")"
    wait "$perf_pid" || true
    cpu_ms="$(measured_cpu_ms)"
    stop
    rps="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<< "$out")"
    errors="$(awk '/Non-2xx|Socket errors/ {print}' <<< "$out")"
    [[ -n "$errors" ]] && log "http $name: $errors"
    total="$(awk '/requests in/ {print $1}' <<< "$out")"
    log "round $round http $name: $rps req/s, p99 $p99, server CPU $cpu_ms ms"
    http_rps[$name]+="$rps "; http_p99[$name]="$p99"; http_cpu[$name]="$(per_item "$cpu_ms" "$total")"
  done
  for name in "${echo_servers[@]}"; do
    # shellcheck disable=SC2046
    start "echo-$name" $(echo_command "$name")
    for _ in $(seq 100); do grep -q READY "$work/echo-$name.out" 2>/dev/null && break; sleep 0.1; done
    port="$(awk '/READY/ {print $2; exit}' "$work/echo-$name.out")"
    [[ -n "$port" ]] || { log "echo $name did not start"; cat "$work/echo-$name.err" >&2; exit 1; }
    timeout $((warmup + duration + 30)) "${load_cpu[@]}" "$work/load" -addr "127.0.0.1:$port" -conns 256 -size 64 \
      -warmup "${warmup}s" -duration "${duration}s" > "$work/echo-$name.load" &
    load_pid=$!
    sleep "$warmup"
    measure_cpu
    wait "$load_pid"
    wait "$perf_pid" || true
    cpu_ms="$(measured_cpu_ms)"
    line="$(grep RESULT "$work/echo-$name.load")"
    stop
    rps="$(sed -n 's/.* rps=\([^ ]*\).*/\1/p' <<< "$line")"
    p99="$(sed -n 's/.* p99_us=\([^ ]*\).*/\1/p' <<< "$line")"
    log "round $round echo $name: $rps round trips/s, p99 ${p99} µs, server CPU $cpu_ms ms, $line"
    echo_rps[$name]+="$rps "; echo_p99[$name]="$p99"; echo_load_cpu[$name]="$(sed -n 's/.*cpu_us=\([^ ]*\).*/\1/p' <<< "$line")"
    echo_cpu[$name]="$(per_item "$cpu_ms" "$(sed -n 's/.*round_trips=\([^ ]*\).*/\1/p' <<< "$line")")"
  done
done

median() { tr ' ' '\n' <<< "$1" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

echo "HTTP plaintext, wrk -t2 -c256, ${duration} s, median of $rounds round(s)"
echo
echo "| server | req/s | vs Kestrel | vs Go | vs Greenlet one hub | p99 (last round) | server CPU µs per request (last round) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
kestrel="$(median "${http_rps[kestrel]}")"; go_http="$(median "${http_rps[go]}")"; one="$(median "${http_rps[greenlet-1-hub]}")"
for name in "${http_servers[@]}"; do
  m="$(median "${http_rps[$name]}")"
  echo "| $name | $m | $(ratio "$m" "$kestrel") | $(ratio "$m" "$go_http") | $(ratio "$m" "$one") | ${http_p99[$name]} | ${http_cpu[$name]} |"
done
echo
echo "TCP echo, load.c, 256 connections, 64 B, ${duration} s, median of $rounds round(s)"
echo
echo "| server | round trips/s | vs Go | vs Greenlet one hub | p99 µs (last round) | server CPU µs per round trip (last round) | generator CPU µs per round trip (last round) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
go_echo="$(median "${echo_rps[go]}")"; one="$(median "${echo_rps[greenlet-1-hub]}")"
for name in "${echo_servers[@]}"; do
  m="$(median "${echo_rps[$name]}")"
  echo "| $name | $m | $(ratio "$m" "$go_echo") | $(ratio "$m" "$one") | ${echo_p99[$name]} | ${echo_cpu[$name]} | ${echo_load_cpu[$name]} |"
done
