#!/usr/bin/env bash
# The conformance suite's llhttp corpus against Greenlet's HttpServer and Kestrel (defaults, minimal app), side by
# side: a table of pass rates by category, then each server's failing cases, for each of the suite's two readings
# of the corpus (as written; and the cases refused only for want of Host, with Host added), then Autobahn's
# WebSocket cases 1 to 7 against an echo. Loopback only; 237 HTTP and 111 WebSocket cases per server, one
# connection each, each bounded by 2 s waits.
# Usage: benchmarks/http/conformance/run.sh [llhttp test/request directory]
#   (default: $GREENLET_LLHTTP_REQUEST_CASES, else shared/conformance/llhttp/test/request beside the repository)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../../.. && pwd)
cases=${1:-${GREENLET_LLHTTP_REQUEST_CASES:-$root/../shared/conformance/llhttp/test/request}}
[ -d "$cases" ] || { echo "no llhttp test/request directory at $cases (see docs/http.md, Conformance)" >&2; exit 2; }
source ../../tools.sh
require_command curl curl

out=/tmp/http-conformance
dotnet build driver -c Release -o $out/driver >/dev/null
dotnet build greenlet -c Release -o $out/greenlet >/dev/null
dotnet build kestrel -c Release -o $out/kestrel >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null -H 'Host: a' "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2; return 1
}

dotnet $out/greenlet/ConformanceGreenlet.dll 18180 >/dev/null 2>&1 & pids+=($!)
dotnet $out/kestrel/ConformanceKestrel.dll 18181 >/dev/null 2>&1 & pids+=($!)
wait_for_port 18180
wait_for_port 18181

verdicts=$root/Greenlet.Tests/Http/Conformance
echo "## llhttp's request cases as written"
timeout 600 dotnet $out/driver/ConformanceDriver.dll "$cases" "$verdicts/llhttp-request-verdicts.tsv" Greenlet=18180 Kestrel=18181
echo
echo "## the cases refused above only for want of Host, with Host added"
timeout 600 dotnet $out/driver/ConformanceDriver.dll --add-host "$cases" "$verdicts/llhttp-request-verdicts-host-added.tsv" Greenlet=18180 Kestrel=18181
echo
echo "## Autobahn's WebSocket cases, categories 1 to 7, against an echo"
timeout 600 dotnet $out/driver/ConformanceDriver.dll --autobahn Greenlet=18180 Kestrel=18181
