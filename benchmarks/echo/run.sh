#!/usr/bin/env bash
# The echo benchmark, side by side in one run: the Greenlet echo server (one hub), gevent's StreamServer, a Go
# goroutine-per-connection server and a plain .NET async-socket server, each driven by the same load generator:
# 100 connections, 64-byte request/response, one request in flight per connection, 2 s warm-up then 10 s measured.
# The generator is load/load.c: one thread, one epoll set, about a send and a recv per round trip, so it spends less
# of its core per round trip than the servers and the rate says more about the server. ECHO_LOAD=go uses go/load
# instead (a goroutine per connection: about a third more CPU per round trip, which narrows the gaps between the
# faster servers). The table shows the generator's CPU per round trip and its share of its core.
# Each server is pinned to CPU 0 and the load generator to CPU 1 (taskset), so every server gets one core.
# Syscalls and CPU time per round trip: `perf stat -e raw_syscalls:sys_enter,task-clock` attached to the server
# during the measured period (CPU per round trip stays meaningful when other work shares the machine).
#
# Usage: benchmarks/echo/run.sh [--quick]      (--quick: 1 s warm-up, 3 s measured)
# Environment: ECHO_CONNS (100), ECHO_SIZE (64), ECHO_SERVERS ("greenlet gevent go dotnet-async"), ECHO_LOAD (c or go),
#   ECHO_NICE (unset: run at normal priority; e.g. -10, as root, to keep other work on a shared machine from
#   deciding the figures: it applies to the server and the load generator alike).
# Prints a markdown table on stdout; progress on stderr. Loopback only; every program is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
warmup=2s
duration=10
if [[ "${1:-}" == "--quick" ]]; then warmup=1s; duration=3; fi
conns="${ECHO_CONNS:-100}"
size="${ECHO_SIZE:-64}"
servers=(${ECHO_SERVERS:-greenlet gevent go dotnet-async})
priority=()
[[ -n "${ECHO_NICE:-}" ]] && priority=(nice -n "$ECHO_NICE")
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[echo] $*" >&2; }

source "$here/../tools.sh"
require_command go golang-go
require_python_module gevent python3-gevent
log "building"
case "${ECHO_LOAD:-c}" in
  c) require_command gcc gcc; gcc -O2 -Wall -Wextra -Werror -o "$work/load" "$here/load/load.c" ;;
  go) (cd "$here/go" && go build -o "$work/load" ./load) ;;
  *) log "ECHO_LOAD is c or go"; exit 2 ;;
esac
(cd "$here/go" && go build -o "$work/go-server" ./server)
dotnet build "$here/greenlet/EchoServer.csproj" -c Release -o "$work/greenlet" -v quiet -nologo >&2
dotnet build "$here/dotnet-async/EchoServer.DotnetAsync.csproj" -c Release -o "$work/dotnet-async" -v quiet -nologo >&2
python=/usr/bin/python3
"$python" -c 'import gevent' 2>/dev/null || python=python3

command_of() {
  case "$1" in
    greenlet) echo "$work/greenlet/EchoServer 0" ;;
    dotnet-async) echo "$work/dotnet-async/EchoServer.DotnetAsync 0" ;;
    go) echo "$work/go-server 0" ;;
    gevent) echo "$python $here/gevent/echo.py 0" ;;
  esac
}

declare -A rps p50 p99 per_rt cpu_rt load_rt
for name in "${servers[@]}"; do
  log "$name: starting"
  # shellcheck disable=SC2046
  "${priority[@]}" taskset -c 0 $(command_of "$name") > "$work/$name.out" 2> "$work/$name.err" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q READY "$work/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  port="$(awk '/READY/ {print $2; exit}' "$work/$name.out")"
  [[ -n "$port" ]] || { log "$name did not start"; cat "$work/$name.err" >&2; exit 1; }

  "${priority[@]}" taskset -c 1 timeout 60 "$work/load" -addr "127.0.0.1:$port" -conns "$conns" -size "$size" \
    -warmup "$warmup" -duration "${duration}s" > "$work/$name.load" &
  load_pid=$!
  sleep "${warmup%s}"
  # The generator's CPU time too: near 100% of its core, it and not the server sets the rate.
  generator_pid="$(pgrep -P "$load_pid" | head -n 1 || true)"  # the child of timeout(1)
  : > "$work/$name.loadperf"
  generator_perf=""
  if [[ -n "$generator_pid" ]]; then
    perf stat -x, -e task-clock -p "$generator_pid" -- sleep "$duration" 2> "$work/$name.loadperf" &
    generator_perf=$!
  fi
  perf stat -x, -e raw_syscalls:sys_enter,task-clock -p "$server_pid" -- sleep "$duration" 2> "$work/$name.perf" || true
  [[ -n "$generator_perf" ]] && { wait "$generator_perf" || true; }
  wait "$load_pid"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

  line="$(grep RESULT "$work/$name.load")"
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$line"; }
  rps[$name]="$(field rps)"; p50[$name]="$(field p50_us)"; p99[$name]="$(field p99_us)"
  syscalls="$(awk -F, '/raw_syscalls/ {print $1; exit}' "$work/$name.perf")"
  per_rt[$name]="$(awk -v s="$syscalls" -v r="$(field round_trips)" 'BEGIN { if (r > 0 && s ~ /^[0-9]+$/) printf "%.2f", s / r; else print "n/a" }')"
  cpu_ms="$(awk -F, '/task-clock/ {print $1; exit}' "$work/$name.perf")"
  cpu_rt[$name]="$(awk -v c="$cpu_ms" -v r="$(field round_trips)" 'BEGIN { if (r > 0 && c != "") printf "%.1f", c * 1000 / r; else print "n/a" }')"
  load_ms="$(awk -F, '/task-clock/ {print $1; exit}' "$work/$name.loadperf")"
  load_rt[$name]="$(awk -v c="$load_ms" -v r="$(field round_trips)" -v d="$duration" 'BEGIN { if (r > 0 && c != "") printf "%.1f (%.0f%% of its core)", c * 1000 / r, c / (10 * d); else print "n/a" }')"
  log "$name: $line syscalls=$syscalls cpu_ms=$cpu_ms"
done

base="${rps[go]:-}"
echo "| server | round trips/s | vs Go | p50 (µs) | p99 (µs) | syscalls per round trip | server CPU µs per round trip | generator CPU µs per round trip |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in "${servers[@]}"; do
  ratio="n/a"
  [[ -n "$base" ]] && ratio="$(awk -v a="${rps[$name]}" -v b="$base" 'BEGIN { printf "%.2f×", a / b }')"
  echo "| $name | ${rps[$name]} | $ratio | ${p50[$name]} | ${p99[$name]} | ${per_rt[$name]} | ${cpu_rt[$name]} | ${load_rt[$name]} |"
done
