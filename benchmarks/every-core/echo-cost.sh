#!/usr/bin/env bash
# What one TCP echo round trip costs each server: CPU time, instructions (user and kernel), system calls by kind and
# context switches, counted by `perf stat` on the server process (every thread) over a fixed number of round trips.
# The load generator shares the two cores with the server, so the server's cost per round trip is what decides the
# rate. Counts of system calls and switches barely move from run to run on a machine shared with other work, where
# the round trips per second do; CPU time moves less than the rate but still does. Instructions need the hardware's
# counters, which a virtual machine often lacks ("n/a" then: benchmarks/instructions.sh counts with valgrind instead).
# The load generator (benchmarks/echo/load/load.c) switches perf's counting on as its measured period starts and off
# after COUNT round trips (perf stat --control), so neither start-up nor warm-up is counted; it reports its own CPU time
# per round trip too. With both saturating the two cores, the round trips per second are about
# 2 cores / (server CPU + generator CPU), so the most one server can gain on another is the ratio of those sums.
#   Greenlet with one hub and with a hub per core (Workers = 2), Go (GOMAXPROCS=2); 256 connections, 64 bytes.
# Usage: benchmarks/every-core/echo-cost.sh [--quick]   (--quick: 100,000 round trips instead of 1,000,000)
# Environment: ECHO_SERVERS ("greenlet-1-hub greenlet-2-hubs go"), ECHO_CONNS (256), ECHO_PIN (unset: no pinning; e.g.
#   "0 1": the server on CPU 0, the generator on CPU 1, the same for every server), ECHO_BUILD (a folder with a built
#   EchoServer; default: build this tree).
# Prints a markdown table on stdout; progress on stderr. Loopback only; every program is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
count=1000000
[[ "${1:-}" == "--quick" ]] && count=100000
conns="${ECHO_CONNS:-256}"
read -r -a servers <<< "${ECHO_SERVERS:-greenlet-1-hub greenlet-2-hubs go}"
server_cpu=(); load_cpu=()
if [[ -n "${ECHO_PIN:-}" ]]; then
  read -r pin_server pin_load <<< "$ECHO_PIN"
  server_cpu=(taskset -c "$pin_server"); load_cpu=(taskset -c "$pin_load")
fi
work="$(mktemp -d)"
server_pid=""
perf_pid=""
cleanup() {
  [[ -n "$perf_pid" ]] && kill "$perf_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[echo-cost] $*" >&2; }

source "$bench/tools.sh"
require_command go golang-go
require_command gcc gcc
require_command perf linux-perf

log "building"
echo_build="${ECHO_BUILD:-}"
if [[ -z "$echo_build" ]]; then
  echo_build="$work/echo-greenlet"
  dotnet build "$bench/echo/greenlet/EchoServer.csproj" -c Release -o "$echo_build" -v quiet -nologo >&2
fi
(cd "$bench/echo/go" && go build -o "$work/echo-go" ./server)
gcc -O2 -Wall -Wextra -Werror -o "$work/load" "$bench/echo/load/load.c"

server_command() {
  case "$1" in
    greenlet-1-hub) echo "$echo_build/EchoServer" 0 1 ;;
    greenlet-2-hubs) echo "$echo_build/EchoServer" 0 2 ;;
    go) echo env GOMAXPROCS=2 "$work/echo-go" 0 ;;
    *) log "unknown server $1"; exit 2 ;;
  esac
}

events="task-clock,instructions:u,instructions:k,context-switches,raw_syscalls:sys_enter,syscalls:sys_enter_epoll_wait"
events+=",syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_read,syscalls:sys_enter_write"
events+=",syscalls:sys_enter_futex"
columns=(task-clock instructions:u instructions:k context-switches raw_syscalls:sys_enter syscalls:sys_enter_epoll_wait
  syscalls:sys_enter_recvfrom syscalls:sys_enter_sendto syscalls:sys_enter_futex)

echo "TCP echo, load.c, $conns connections, 64 B, perf stat over $count round trips (per round trip)"
echo
echo "| server | CPU µs | instructions user | instructions kernel | context switches | system calls | epoll_wait | recv | send | futex | generator CPU µs | round trips/s (not a figure) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in "${servers[@]}"; do
  # shellcheck disable=SC2046
  "${server_cpu[@]}" $(server_command "$name") > "$work/$name.out" 2> "$work/$name.err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q READY "$work/$name.out" 2>/dev/null && break; sleep 0.1; done
  port="$(awk '/READY/ {print $2; exit}' "$work/$name.out")"
  [[ -n "$port" ]] || { log "$name did not start"; cat "$work/$name.err" >&2; exit 1; }
  rm -f "$work/ctl"; mkfifo "$work/ctl"
  perf stat -x, -e "$events" -D -1 --control "fifo:$work/ctl" -p "$server_pid" -o "$work/$name.perf" > /dev/null 2>&1 &
  perf_pid=$!
  sleep 0.5 # perf opens the FIFO and attaches before the generator writes to it
  timeout 120 "${load_cpu[@]}" "$work/load" -addr "127.0.0.1:$port" -conns "$conns" -size 64 -warmup 2s \
    -duration 100s -count "$count" -control "$work/ctl" > "$work/$name.load"
  kill -INT "$perf_pid"; wait "$perf_pid" || true; perf_pid=""
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  line="$(grep RESULT "$work/$name.load")"
  trips="$(sed -n 's/.*round_trips=\([^ ]*\).*/\1/p' <<< "$line")"
  rps="$(sed -n 's/.* rps=\([^ ]*\).*/\1/p' <<< "$line")"
  log "$name: $line"
  row="| $name"
  for column in "${columns[@]}"; do
    value="$(awk -F, -v e="$column" '$3 == e {print $1; exit}' "$work/$name.perf")"
    scale=1; [[ "$column" == task-clock ]] && scale=1000 # perf gives ms; the table µs
    row+=" | $(awk -v v="$value" -v n="$trips" -v s="$scale" 'BEGIN { if (v ~ /^[0-9.]+$/ && n > 0) printf "%.2f", v * s / n; else print "n/a" }')"
  done
  echo "$row | $(sed -n 's/.*cpu_us=\([^ ]*\).*/\1/p' <<< "$line") | $rps |"
done
