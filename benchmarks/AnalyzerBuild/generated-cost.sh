#!/usr/bin/env bash
# What the generated code costs the compiler, apart from the generator that writes it. Generates the benchmark project
# (generate.py), builds it once with the package to take the generator's output (written outside the project, so
# that the default Compile glob does not pick it up), builds each variant once (the project without the package,
# GreenletTooling=false, with the variant's files added as plain source) to take its compiler command line, then runs
# those command lines in turn, `runs` rounds, and prints the medians of each variant's wall time and CPU time (user +
# system: it moves far less with the load of a shared machine) and the CPU difference from `plain`.
#
#   benchmarks/AnalyzerBuild/generated-cost.sh [runs] [scale] [variant...]
#     runs      rounds; each compiles every variant once, in the order given (default 3)
#     scale     1: 1,000 [Greenlet] methods / 10,000 calls; 10: ten times that (generate.py)
#     variant   plain        the project without the package: the user's code alone
#               tooling      the project with the package (generator and analyzers): the build a user gets
#               fixed        Helpers.cs and one tiny class only: what any project of this shape costs
#               generated    plain + the generator's output, as this worktree's generator writes it
#               no-registry, annotations, no-line, no-points   plain + the output changed (generated_variants.py)
#               dir:PATH     plain + the .cs files in PATH (another generator's output: GeneratorSteps DUMP=PATH)
#     default: plain generated no-registry annotations
#   Every compile is a cold csc process (the command line MSBuild logs with UseSharedCompilation=false), as in the
#   Csc task times of a build with the package; a variant that does not build without errors stops the script.
#   KEEP=dir keeps the project and the variants there.
set -euo pipefail
runs=${1:-3}
scale=${2:-1}
shift $(($# < 2 ? $# : 2))
variants=("$@")
((${#variants[@]})) || variants=(plain generated no-registry annotations)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -n "${KEEP:-}" ]; then work=$KEEP; rm -rf "$work"; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
project=$work/project
mkdir -p "$project" "$work/fixed"
python3 "$here/generate.py" "$project" "$repo" "$scale" greenlet
# The variants' files come in through a property, from outside the project directory.
cat >"$project/Directory.Build.targets" <<'TARGETS'
<Project>
  <ItemGroup Condition="'$(GeneratedCostSources)' != ''">
    <Compile Include="$(GeneratedCostSources)/*.cs" />
  </ItemGroup>
</Project>
TARGETS
# `fixed`: the same project file with Helpers.cs and one tiny class.
cp "$project/Bench.csproj" "$project/Helpers.cs" "$work/fixed/"
printf 'namespace Bench;\n\npublic static class Tiny\n{\n    public static int One() => Helpers.Compute(1);\n}\n' >"$work/fixed/Tiny.cs"

cold=(-nodeReuse:false --disable-build-servers -p:UseSharedCompilation=false)
(cd "$project" && dotnet build -c Release "${cold[@]}" -p:EmitCompilerGeneratedFiles=true \
    -p:CompilerGeneratedFilesOutputPath="$work/emitted" >"$work/first.log") || { tail -20 "$work/first.log"; exit 1; }
(cd "$work/fixed" && dotnet build -c Release "${cold[@]}" -p:GreenletTooling=false >"$work/fixed.log") || { tail -20 "$work/fixed.log"; exit 1; }
emitted=$work/emitted/Greenlet.Generators/Greenlets.Generators.GreenletGenerator

sources() {   # the directory of a variant's added files, or nothing
    case $1 in
        plain | tooling | fixed) ;;
        dir:*) echo "${1#dir:}" ;;
        *)
            [ -d "$work/variants/$1" ] || python3 "$here/generated_variants.py" "$1" "$emitted" "$work/variants/$1"
            echo "$work/variants/$1" ;;
    esac
}

key() { echo "${1//[^A-Za-z0-9-]/_}"; }   # a variant's name, as a file name

commandline() {   # builds a variant once (it must build without errors) and keeps its compiler command line
    local variant=$1 dir=$project args=(-p:GreenletTooling=false) log=$work/build-$(key "$1").log
    case $variant in
        tooling) args=() ;;
        fixed) dir=$work/fixed ;;
        plain) ;;
        *) args+=(-p:GeneratedCostSources="$(sources "$variant")") ;;
    esac
    touch "$dir"/*.cs
    if ! (cd "$dir" && dotnet build -c Release --no-restore "${cold[@]}" -p:BuildProjectReferences=false -v:detailed \
        "${args[@]}" >"$log") || ! grep -q " 0 Error(s)" "$log"; then
        grep -E ": error " "$log" | sort -u | head -10 >&2
        echo "variant $variant did not build" >&2
        exit 1
    fi
    # The logged line is not shell-quoted (/define:A;B), but it is a response file's syntax.
    local line
    line=$(grep -E "bincore/csc .*/out:obj/Release/net10.0/Bench.dll" "$log" | tail -n 1 | sed -E 's/^ +//')
    echo "${line#* }" >"$work/csc-$(key "$variant").rsp"
    printf 'cd %q && %q @%q\n' "$dir" "${line%% *}" "$work/csc-$(key "$variant").rsp" >"$work/csc-$(key "$variant").sh"
}

compile() {   # one run of a variant's compiler command line; prints wall and CPU (user + system) seconds
    /usr/bin/time -f "%e %U %S" -o "$work/time" bash "$work/csc-$(key "$1").sh" >"$work/csc.log" 2>&1 \
        || { tail -5 "$work/csc.log" >&2; echo "variant $1: the compiler failed" >&2; exit 1; }
    awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$work/time"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A walls cpus
for variant in "${variants[@]}"; do commandline "$variant"; done
for ((i = 1; i <= runs; i++)); do
    line="round $i (wall/CPU s):"
    for variant in "${variants[@]}"; do
        read -r wall cpu < <(compile "$variant")
        walls[$variant]="${walls[$variant]:-} $wall"
        cpus[$variant]="${cpus[$variant]:-} $cpu"
        line+=" $variant $wall/$cpu"
    done
    echo "$line"
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
plain=""
for variant in "${variants[@]}"; do
    wall=$(printf '%s\n' ${walls[$variant]} | median)
    cpu=$(printf '%s\n' ${cpus[$variant]} | median)
    [ "$variant" = plain ] && plain=$cpu
    diff=""
    [ -n "$plain" ] && [ "$variant" != plain ] \
        && diff=$(printf ' (CPU %+.2fs against plain, %.2fx)' "$(echo "$cpu - $plain" | bc)" "$(echo "scale=4; $cpu / $plain" | bc)")
    echo "RESULT generated-cost scale=$scale runs=$runs variant=$variant wall=${wall}s cpu=${cpu}s$diff"
done
