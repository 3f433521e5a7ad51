#!/usr/bin/env bash
# Process start to first output, in one run: the native AOT tour (one example, which makes a hub, spawns and switches
# greenlets, and prints; and --list, which prints without a hub), Go's hello and .NET's JIT hello, by hyperfine.
#   benchmarks/startup/run.sh [hyperfine options...]     # default: --warmup 10 --runs 200
# Wall-clock time: run it on a quiet machine (uptime's load below 1.5) and quote the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v go >/dev/null || { apt-get update -qq && apt-get install -y -qq golang-go >/dev/null; }
eng/install-packages.sh eng/runtime-packages.txt eng/test-packages.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish samples/Tour -c Release -r linux-x64 --artifacts-path "$work/artifacts-tour" -o "$work/tour" >"$work/tour.log" 2>&1 \
  || { cat "$work/tour.log" >&2; exit 1; }
dotnet publish benchmarks/startup/dotnet-hello -c Release --artifacts-path "$work/artifacts-hello" -o "$work/dotnet-hello" >"$work/hello.log" 2>&1 \
  || { cat "$work/hello.log" >&2; exit 1; }
(cd benchmarks/startup/go-hello && GOPROXY=off GOFLAGS=-mod=mod go build -o "$work/go-hello" .)

[ $# -gt 0 ] || set -- --warmup 10 --runs 200
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N "$@" \
  -n "Tour context-switch (native AOT)" "$work/tour/Tour context-switch" \
  -n "Tour --list (native AOT)" "$work/tour/Tour --list" \
  -n "Go hello" "$work/go-hello" \
  -n ".NET hello (JIT)" "dotnet $work/dotnet-hello/dotnet-hello.dll"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
