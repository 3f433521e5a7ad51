#!/usr/bin/env bash
# CPU time per request of each .NET client (GreenHttpClient on one hub, HttpClient on the thread pool), all threads,
# user and kernel: a figure that load on the machine moves far less than requests/s. Each client makes a fixed number
# of requests to the local Go server, twice (a short and a long run) under `perf stat -e task-clock`; the difference
# divided by the extra requests cancels start-up and JIT. (Instruction counts would be steadier still, but this
# machine's VM exposes no hardware counters: `perf stat -e instructions` says <not supported>; where it works,
# replace task-clock with instructions.) Rounds alternate the clients (greenlet short, httpclient short, greenlet long,
# httpclient long); the median per client and the HttpClient/Greenlet ratio are printed in the same run.
# Usage: benchmarks/http-client/cpu.sh [--quick]   (--quick: 5,000/15,000 requests, one round; default
# 20,000/80,000, three rounds). Needs perf (linux-perf). Loopback only.
set -euo pipefail
cd "$(dirname "$0")"
short=20000; long=80000; rounds=3; concurrency=100
[ "${1:-}" = "--quick" ] && { short=5000; long=15000; rounds=1; }

source ../tools.sh
require_command go golang-go
require_command curl curl
require_command perf linux-perf

work=/tmp/http-client-bench
dotnet build dotnet -c Release -o "$work/dotnet" >/dev/null
(cd ../http/go && go build -o "$work/go-server" .)

port=18092
taskset -c 0 env GOMAXPROCS=1 "$work/go-server" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

# cpu_ms <client> <requests>: the client's CPU milliseconds (all its threads, user and kernel) for that many requests.
cpu_ms() {
    perf stat -x, -e task-clock -o "$work/perf.txt" \
        taskset -c 1 dotnet "$work/dotnet/HttpClientBench.dll" "$1" "http://127.0.0.1:$port/" 0 "$concurrency" "$2" >/dev/null
    awk -F, '$3 ~ /^task-clock/ { print $1 }' "$work/perf.txt"
}

declare -A per_request
for round in $(seq 1 "$rounds"); do
    declare -A low high
    for client in greenlet httpclient; do low[$client]=$(cpu_ms "$client" "$short"); done
    for client in greenlet httpclient; do high[$client]=$(cpu_ms "$client" "$long"); done
    for client in greenlet httpclient; do
        value=$(awk -v h="${high[$client]}" -v l="${low[$client]}" -v n=$((long - short)) 'BEGIN { printf "%.2f", (h - l) * 1000 / n }')
        per_request[$client]="${per_request[$client]:-} $value"
        echo "round $round $client: $value us of CPU per request (${low[$client]} ms for $short, ${high[$client]} ms for $long)"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
greenlet=$(echo "${per_request[greenlet]}" | median)
httpclient=$(echo "${per_request[httpclient]}" | median)
echo "median of $rounds: greenlet $greenlet, httpclient $httpclient us of CPU per request;" \
    "HttpClient/Greenlet $(awk -v a="$httpclient" -v b="$greenlet" 'BEGIN { printf "%.2f", a / b }') (load $(cut -d' ' -f1 /proc/loadavg))"
