#!/usr/bin/env bash
# What the package adds to a build: generates a project (generate.py), compiles it `runs` times with the Greenlet
# generator and analyzers and `runs` times without them (GreenletTooling=false: the same source, the runtime still
# referenced), and prints the medians and their ratio; then compiles once more with -p:ReportAnalyzer=true and
# prints the compiler-reported time of the generator and of the analyzers, separately.
#
#   benchmarks/AnalyzerBuild/run.sh [runs] [scale] [greenlet|plain]
#     runs     compiles of each kind (default 3; 0: only the compiler-reported times)
#     scale    1: 1,000 [Greenlet] methods / 10,000 calls (plain: 10 files of 300 calls); 10: ten times that
#     plain    a project that references the package and has no [Greenlet] method (scale 20: 200 files, 60,000 calls)
#   SERVER=1 benchmarks/AnalyzerBuild/run.sh ...   compiles on a warm compiler server, as `dotnet build` does by
#     default; otherwise every compile starts a cold compiler (-nodeReuse:false --disable-build-servers), which
#     charges the JIT of the compiler's own binder to whoever binds first: the generator.
set -euo pipefail
runs=${1:-3}
scale=${2:-1}
mode=${3:-greenlet}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$repo/benchmarks/AnalyzerBuild/generate.py" "$work" "$repo" "$scale" "$mode"
cd "$work"
cold=(-nodeReuse:false --disable-build-servers)
[ "${SERVER:-0}" = 1 ] && cold=()
dotnet build -c Release "${cold[@]}" >/dev/null                       # restore, the references, a first compile
dotnet build -c Release "${cold[@]}" -p:GreenletTooling=false >/dev/null

first=$(ls ./*.cs | head -n 1)
compile() {   # one compile of the generated project only; prints seconds
    touch "$first"
    local start end
    start=$(date +%s.%N)
    dotnet build -c Release --no-restore "${cold[@]}" -p:BuildProjectReferences=false "$@" >"$work/last.log"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

with=(); without=()
for ((i = 0; i < runs; i++)); do
    without+=("$(compile -p:GreenletTooling=false)")
    with+=("$(compile)")
    echo "run $((i + 1)): without the package ${without[-1]}s, with it ${with[-1]}s"
done

compile -p:ReportAnalyzer=true -v:detailed >/dev/null
generator=$(grep -E "[0-9.]+ +[<0-9]+ +Greenlets\.Generators\.GreenletGenerator" "$work/last.log" | awk '{print $1}' | head -n 1)
analyzers=$(grep -E "Greenlets\.Analyzers\.(BlockingCallAnalyzer|GreenletContextAnalyzer)" "$work/last.log" | awk '{s += $1} END {print s + 0}')
echo "compiler-reported (ReportAnalyzer): generator ${generator:-0}s, Greenlet analyzers ${analyzers}s"
grep -E "Greenlets\.(Generators\.GreenletGenerator|Analyzers\.(BlockingCallAnalyzer|GreenletContextAnalyzer))|Total (analyzer|generator) execution time" "$work/last.log" | sed 's/^ */  /' | sort -u
if ((runs > 0)); then
    with_median=$(printf '%s\n' "${with[@]}" | median)
    without_median=$(printf '%s\n' "${without[@]}" | median)
    echo "RESULT analyzer-build mode=$mode scale=$scale runs=$runs server=${SERVER:-0} with=${with_median}s without=${without_median}s ratio=$(echo "scale=3; $with_median / $without_median" | bc) generator=${generator:-0}s analyzers=${analyzers}s"
fi
