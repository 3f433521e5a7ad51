#!/usr/bin/env bash
# The generator alone, in process: generates the AnalyzerBuild project, takes the compiler command line its build
# uses, and runs the Greenlet generator on it `runs` times with the SDK's own compiler, reporting wall and CPU time, the
# slowest pipeline steps, and the bytes allocated, which do not depend on how loaded the machine is. `bind-calls`
# binds every invocation instead: the floor for a generator that must know what each call is.
#
#   benchmarks/AnalyzerBuild/GeneratorSteps/run.sh [runs] [scale] [greenlet|plain] [generator|bind-calls|bind-one]
#   ALLOC_TYPES=1 ...    also prints the allocation samples of the last run by type (where the bytes go)
#   DUMP=/tmp/out ...    writes the generated files of the last run there
#   WORK=/tmp/dir ...    keeps the generated project and its command line in that directory and reuses them next time
set -euo pipefail
runs=${1:-5}
scale=${2:-1}
kind=${3:-greenlet}
mode=${4:-generator}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
if [ -n "${WORK:-}" ]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

roslyn="$(dirname "$(dotnet --list-sdks | awk -v v="$(dotnet --version)" '$1 == v {gsub(/[\[\]]/, "", $2); print $2 "/" $1}')/x")/Roslyn/bincore"
dotnet build "$repo/Greenlet.Generators" -c Release >/dev/null
dotnet build "$repo/benchmarks/AnalyzerBuild/GeneratorSteps" -c Release -p:RoslynDir="$roslyn" >/dev/null
if [ ! -s "$work/csc.txt" ]; then
    python3 "$repo/benchmarks/AnalyzerBuild/generate.py" "$work" "$repo" "$scale" "$kind"
    # The compiler's command line for the project, as the build runs it (without the server, so it is logged whole).
    (cd "$work" && dotnet build -c Release -v:detailed -p:UseSharedCompilation=false >"$work/build.log")
    grep -E "bincore/csc .*/out:obj/Release/net10.0/Bench.dll" "$work/build.log" | tail -n 1 | sed -E 's/^ +//' >"$work/csc.txt"
fi
dotnet "$repo/benchmarks/AnalyzerBuild/GeneratorSteps/bin/Release/net10.0/GeneratorSteps.dll" \
    "$work" "$work/csc.txt" "$repo/Greenlet.Generators/bin/Release/netstandard2.0/Greenlet.Generators.dll" "$roslyn" "$runs" "$mode"
