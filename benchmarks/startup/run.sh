#!/usr/bin/env bash
# Process start to first output, in one run, by hyperfine: the native AOT tour (one example, which makes a hub, spawns
# and switches greenlets, and prints; and --list, which prints without a hub), the smallest Greenlet program (native
# AOT), Go's hello, and .NET's hello both on the JIT and native AOT (the floor any .NET program starts from).
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
dotnet publish benchmarks/startup/greenlet-hello -c Release -r linux-x64 --artifacts-path "$work/artifacts-greenlet-hello" -o "$work/greenlet-hello" >"$work/greenlet-hello.log" 2>&1 \
  || { cat "$work/greenlet-hello.log" >&2; exit 1; }
# The JIT hello's project, published natively: no Greenlet reference, so the global property reaches nothing else.
dotnet publish benchmarks/startup/dotnet-hello -c Release -r linux-x64 -p:PublishAot=true -p:InvariantGlobalization=true --artifacts-path "$work/artifacts-hello-aot" -o "$work/dotnet-hello-aot" >"$work/hello-aot.log" 2>&1 \
  || { cat "$work/hello-aot.log" >&2; exit 1; }
(cd benchmarks/startup/go-hello && GOPROXY=off GOFLAGS=-mod=mod go build -o "$work/go-hello" .)

[ $# -gt 0 ] || set -- --warmup 10 --runs 200
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N "$@" \
  -n "Tour context-switch (native AOT)" "$work/tour/Tour context-switch" \
  -n "Tour --list (native AOT)" "$work/tour/Tour --list" \
  -n "Greenlet hello (native AOT)" "$work/greenlet-hello/greenlet-hello" \
  -n "Go hello" "$work/go-hello" \
  -n ".NET hello (native AOT)" "$work/dotnet-hello-aot/dotnet-hello" \
  -n ".NET hello (JIT)" "dotnet $work/dotnet-hello/dotnet-hello.dll"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
