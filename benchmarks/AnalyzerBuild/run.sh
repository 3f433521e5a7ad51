#!/usr/bin/env bash
# What the analyzers add to a build: generates a project with 1,000 [Greenlet] methods and 10,000 calls
# (cooperative calls, calls between greenlets, plain helpers two deep, and some blocking calls), then compiles
# it several times with the analyzers and several times without (-p:RunAnalyzers=false; the generator runs in
# both), and prints the median of each. With -p:ReportAnalyzer=true the compiler also reports each analyzer's
# own time, which is printed too.
#
#   benchmarks/AnalyzerBuild/run.sh [runs]      # default 3 runs each; 0 for the compiler's analyzer times only
set -euo pipefail
runs=${1:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$repo/benchmarks/AnalyzerBuild/generate.py" "$work" "$repo"
cd "$work"
dotnet build -c Release -nodeReuse:false --disable-build-servers >/dev/null   # restore, the references, a first compile

compile() {   # one compile of the generated project only; prints seconds
    touch Greenlets0.cs
    local start end
    start=$(date +%s.%N)
    dotnet build -c Release --no-restore -nodeReuse:false --disable-build-servers -p:BuildProjectReferences=false "$@" >"$work/last.log"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

with=(); without=()
for ((i = 0; i < runs; i++)); do
    without+=("$(compile -p:RunAnalyzers=false)")
    with+=("$(compile)")
    echo "run $((i + 1)): without ${without[-1]}s, with ${with[-1]}s"
done
if ((runs > 0)); then
    with_median=$(printf '%s\n' "${with[@]}" | median)
    without_median=$(printf '%s\n' "${without[@]}" | median)
    echo "RESULT analyzer-build methods=1000 calls=10000 runs=$runs with=${with_median}s without=${without_median}s added=$(echo "$with_median - $without_median" | bc)s"
fi

compile -p:ReportAnalyzer=true -v:detailed >/dev/null
echo "compiler-reported analyzer time (ReportAnalyzer):"
grep -E "Greenlets\.Analyzers\.(BlockingCallAnalyzer|GreenletContextAnalyzer)|Total analyzer execution time|Greenlet.Analyzers, Version" "$work/last.log" | sed 's/^ */  /' | sort -u
