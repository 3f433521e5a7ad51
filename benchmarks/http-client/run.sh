#!/usr/bin/env bash
# HTTP client benchmark, side by side in one run: 100 concurrent callers GET "Hello, World!" from one local
# keep-alive server (Go net/http, GOMAXPROCS=1, pinned to CPU 0) as fast as it answers; each client is pinned to
# CPU 1: Greenlet's GreenHttpClient (100 greenlets, one hub), .NET's HttpClient (100 tasks on the thread pool) and
# Go's net/http client (100 goroutines).
# Usage: benchmarks/http-client/run.sh [--quick]   (--quick: 3 s per client instead of 10)
# Prints one line per client: requests/s over the measured window (after a 2 s warm-up). Loopback only.
set -euo pipefail
cd "$(dirname "$0")"
seconds=10; concurrency=100
[ "${1:-}" = "--quick" ] && seconds=3

source ../tools.sh
require_command go golang-go
require_command curl curl

dotnet build dotnet -c Release -o /tmp/http-client-bench/dotnet >/dev/null
(cd go && go build -o /tmp/http-client-bench/go-client .)
(cd ../http/go && go build -o /tmp/http-client-bench/go-server .)

port=18090
taskset -c 0 env GOMAXPROCS=1 /tmp/http-client-bench/go-server "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

url="http://127.0.0.1:$port/"
taskset -c 1 dotnet /tmp/http-client-bench/dotnet/HttpClientBench.dll greenlet "$url" "$seconds" "$concurrency"
taskset -c 1 dotnet /tmp/http-client-bench/dotnet/HttpClientBench.dll httpclient "$url" "$seconds" "$concurrency"
taskset -c 1 env GOMAXPROCS=1 /tmp/http-client-bench/go-client "$url" "$seconds" "$concurrency"
