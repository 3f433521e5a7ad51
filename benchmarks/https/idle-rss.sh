#!/usr/bin/env bash
# Resident memory (VmRSS, OpenSSL's native state included) per idle connection held by Greenlet's HttpServer, TLS
# against plain: idle_rss.py starts the benchmark server fresh for each mode, gives it idle connections in two steps
# and reads /proc/PID/status after each; the growth of the second step per connection is the figure, and the
# TLS/plain ratio is issue 18's "<= 2x". The server runs pinned to CPU 0, the clients to CPU 1.
# Usage: benchmarks/https/idle-rss.sh [--quick]   (--quick: 200 connections per step, one round; default 2,000, three)
set -euo pipefail
cd "$(dirname "$0")"
count=2000; rounds=3
[ "${1:-}" = "--quick" ] && { count=200; rounds=1; }

source ../tools.sh
require_command openssl openssl

work=/tmp/https-idle-rss
mkdir -p "$work"
source certs.sh
dotnet build greenlet -c Release -o "$work/greenlet" >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 1 /usr/bin/python3 idle_rss.py "$work/greenlet/HttpsPlaintext.dll" "$work/server.pem" "$work/server.key" --count "$count" --rounds "$rounds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
