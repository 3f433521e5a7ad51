#!/usr/bin/env bash
# OpenSSL's live memory per idle TLS connection held by Greenlet's HttpServer, by allocation site (docs/tls.md,
# "Idle memory"): builds openssl_live.c (needs gcc and libssl-dev) and preloads it into the benchmark server.
# Usage: benchmarks/https/openssl-live.sh [--quick]   (--quick: 100 connections; default 500)
set -euo pipefail
cd "$(dirname "$0")"
count=500
[ "${1:-}" = "--quick" ] && count=100
work=/tmp/https-idle-rss
mkdir -p "$work"
source certs.sh
gcc -O2 -shared -fPIC -o "$work/openssl_live.so" openssl_live.c -lcrypto -lpthread
dotnet build greenlet -c Release -o "$work/greenlet" >/dev/null
/usr/bin/python3 openssl_live.py "$work/openssl_live.so" "$work/server.pem" "$work/server.key" "$count" dotnet "$work/greenlet/HttpsPlaintext.dll"
