#!/usr/bin/env bash
# The generator alone, in process: generates the AnalyzerBuild project, takes the compiler command line its build
# uses, and runs the Greenlet generator on it `runs` times with the SDK's own compiler, reporting wall and CPU time, the
# slowest pipeline steps, and the bytes allocated, which do not depend on how loaded the machine is. `bind-calls`
# binds every invocation instead: the floor for a generator that must know what each call is.
#
#   benchmarks/AnalyzerBuild/GeneratorSteps/run.sh [runs] [scale] [greenlet|plain] [generator|bind-calls]
set -euo pipefail
runs=${1:-5}
scale=${2:-1}
kind=${3:-greenlet}
mode=${4:-generator}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

roslyn="$(dirname "$(dotnet --list-sdks | awk -v v="$(dotnet --version)" '$1 == v {gsub(/[\[\]]/, "", $2); print $2 "/" $1}')/x")/Roslyn/bincore"
python3 "$repo/benchmarks/AnalyzerBuild/generate.py" "$work" "$repo" "$scale" "$kind"
dotnet build "$repo/Greenlet.Generators" -c Release >/dev/null
dotnet build "$repo/benchmarks/AnalyzerBuild/GeneratorSteps" -c Release -p:RoslynDir="$roslyn" >/dev/null
# The compiler's command line for the project, as the build runs it (without the server, so it is logged whole).
(cd "$work" && dotnet build -c Release -v:detailed -p:UseSharedCompilation=false >"$work/build.log")
grep -E "bincore/csc .*/out:obj/Release/net10.0/Bench.dll" "$work/build.log" | tail -n 1 | sed -E 's/^ +//' >"$work/csc.txt"
dotnet "$repo/benchmarks/AnalyzerBuild/GeneratorSteps/bin/Release/net10.0/GeneratorSteps.dll" \
    "$work" "$work/csc.txt" "$repo/Greenlet.Generators/bin/Release/netstandard2.0/Greenlet.Generators.dll" "$roslyn" "$runs" "$mode"
