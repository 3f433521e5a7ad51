#!/usr/bin/env bash
# HTTP client benchmark, side by side in one run: 100 concurrent callers GET "Hello, World!" from one local
# keep-alive server pinned to CPU 0, as fast as it answers; each client is pinned to CPU 1: Greenlet's
# GreenHttpClient (100 greenlets, one hub), .NET's HttpClient (100 tasks on the thread pool) and Go's net/http client
# (100 goroutines).
# The server must answer faster than the fastest client asks, or the figures compare the server with itself. Before
# the clients, wrk (pinned to CPU 1 like them, and cheaper per request than any of them) measures the server's
# ceiling, printed as "server ceiling". The default server is the project's own plaintext server on one hub
# (benchmarks/http/greenlet, about 72k req/s on one core here); SERVER=go uses Go's net/http with GOMAXPROCS=1
# (benchmarks/http/go, about 30-36k req/s on one core here, below what GreenHttpClient asks for).
# Usage: [SERVER=greenlet|go] benchmarks/http-client/run.sh [--quick]   (--quick: one round of 3 s per client;
# default three rounds of 10 s)
# The clients take turns within each round (greenlet, httpclient, go), so a change in the machine's load lands on all
# of them; each prints requests/s over its measured window, after a warm-up of 2 s that goes on while the JIT still
# compiles (Program.cs, JitWarmUp). The medians and the Greenlet/HttpClient and Greenlet/Go ratios are printed at the
# end. Loopback only. cpu.sh gives the figure load moves far less: CPU time per request.
set -euo pipefail
cd "$(dirname "$0")"
seconds=10; rounds=3; concurrency=100
[ "${1:-}" = "--quick" ] && { seconds=3; rounds=1; }

source ../tools.sh
require_command go golang-go
require_command curl curl
require_command wrk wrk
server_kind=${SERVER:-greenlet}

dotnet build dotnet -c Release -o /tmp/http-client-bench/dotnet >/dev/null
(cd go && go build -o /tmp/http-client-bench/go-client .)
port=18090
case "$server_kind" in
    greenlet)
        dotnet build ../http/greenlet -c Release -o /tmp/http-client-bench/greenlet-server >/dev/null
        taskset -c 0 dotnet /tmp/http-client-bench/greenlet-server/HttpPlaintext.dll "$port" >/dev/null 2>&1 & ;;
    go)
        (cd ../http/go && go build -o /tmp/http-client-bench/go-server .)
        taskset -c 0 env GOMAXPROCS=1 /tmp/http-client-bench/go-server "$port" >/dev/null 2>&1 & ;;
    *) echo "SERVER must be greenlet or go, not '$server_kind'" >&2; exit 2 ;;
esac
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

url="http://127.0.0.1:$port/"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 1 wrk -t1 -c"$concurrency" -d2s "$url" >/dev/null   # the server's warm-up (its JIT)
ceiling=$(taskset -c 1 wrk -t1 -c"$concurrency" -d"${seconds}s" "$url" | awk '/^Requests\/sec/ { printf "%d", $2 }')
echo "server ceiling ($server_kind, wrk -t1 -c$concurrency on CPU 1): $ceiling req/s"
declare -A rates
for round in $(seq 1 "$rounds"); do
    for client in greenlet httpclient go; do
        if [ "$client" = go ]; then
            line=$(taskset -c 1 env GOMAXPROCS=1 /tmp/http-client-bench/go-client "$url" "$seconds" "$concurrency")
        else
            line=$(taskset -c 1 dotnet /tmp/http-client-bench/dotnet/HttpClientBench.dll "$client" "$url" "$seconds" "$concurrency")
        fi
        echo "round $round: $line"
        rates[$client]="${rates[$client]:-} $(echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "req/s") print $i }')"
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
greenlet=$(echo "${rates[greenlet]}" | median); httpclient=$(echo "${rates[httpclient]}" | median); go=$(echo "${rates[go]}" | median)
echo "median of $rounds: greenlet $greenlet, httpclient $httpclient, go $go req/s;" \
    "Greenlet/HttpClient $(awk -v a="$greenlet" -v b="$httpclient" 'BEGIN { printf "%.2f", a / b }') (target >= 2)," \
    "Greenlet/Go $(awk -v a="$greenlet" -v b="$go" 'BEGIN { printf "%.2f", a / b }') (target >= 1);" \
    "Greenlet at $(awk -v a="$greenlet" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }') of the server ceiling"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
