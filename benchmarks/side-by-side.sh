#!/usr/bin/env bash
# Runs the core benchmarks of Greenlet itself and of every peer (gevent, Go,
# .NET async/await), one after another on this machine, then prints a
# markdown table. See README.md and peers/README.md.
#
# Usage: benchmarks/side-by-side.sh [--quick]
#
# Environment:
#   GREENLET_BENCH_CMD  command printing "RESULT peer=greenlet ..." lines; run
#                       with bash from the repository root, with --quick
#                       appended in quick mode (end a `dotnet run` with `--`).
#                       Unset: build Greenlet.Benchmarks (Release) and run its
#                       side-by-side mode. Set but empty: leave Greenlet out.
#   PEER_TIMEOUT        seconds allowed per program (default 300, quick 180).
#   GEVENT_PYTHON       interpreter with gevent (default: /usr/bin/python3,
#                       then python3, whichever imports gevent).
#   LAUNCHES            how many times each program runs (default 3, quick 1),
#                       in rounds of one launch per program; the table shows
#                       each figure's median over the launches, and a second
#                       table every launch's figure. One process can land in a
#                       slow phase of this shared machine, or on a slow code or
#                       data placement, as BenchmarkDotNet's LaunchCount notes.
#
# Exits non-zero if any program fails to build, fails, times out or misses a
# workload. Installs nothing, except golang-go / python3-gevent through
# apt-get when go / gevent are missing (it says so).
set -euo pipefail

quick_args=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick_args=(--quick) ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
peers="$here/peers"
timeout_s="${PEER_TIMEOUT:-$(( ${#quick_args[@]} ? 180 : 300 ))}"
launches="${LAUNCHES:-$(( ${#quick_args[@]} ? 1 : 3 ))}"
[[ "$launches" =~ ^[1-9][0-9]*$ ]] || { echo "LAUNCHES must be a positive number, not '$launches'" >&2; exit 2; }
workloads=(switch spawn-join memory-per-waiter event-handoff queue)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()

log() { echo "[side-by-side] $*" >&2; }

source "$here/tools.sh"

gevent_python() {
  local py
  for py in ${GEVENT_PYTHON:-} /usr/bin/python3 python3; do
    if "$py" -c 'import gevent' 2>/dev/null; then echo "$py"; return 0; fi
  done
  return 1
}

# --- tools -------------------------------------------------------------------
require_command go golang-go || true
python="$(gevent_python)" || { require_python_module gevent python3-gevent || true; python="$(gevent_python)" || python=""; }
command -v dotnet >/dev/null || log "dotnet not found: the dotnet-async peer will fail"

# --- build -------------------------------------------------------------------
go_bin="$work/go-core"
log "building the Go peer"
(cd "$peers/go/core" && GOPROXY=off GOFLAGS=-mod=mod timeout 300 go build -o "$go_bin" .) >&2 ||
  { log "go build failed"; failed+=(go); }

dotnet_dll=""
log "building the dotnet-async peer (dotnet build -c Release)"
if DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 timeout 600 dotnet build -c Release -nologo -v quiet \
     "$peers/dotnet-async/DotnetAsync.Peer.csproj" --artifacts-path "$work/dotnet" >&2; then
  dotnet_dll="$(find "$work/dotnet/bin" -name DotnetAsync.Peer.dll | head -n 1)"
else
  log "dotnet build failed"; failed+=(dotnet-async)
fi

greenlet_cmd="${GREENLET_BENCH_CMD-}"
if [[ -z "${GREENLET_BENCH_CMD+set}" ]]; then
  log "building Greenlet.Benchmarks (dotnet build -c Release)"
  if DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 timeout 600 dotnet build -c Release -nologo -v quiet \
       "$here/Greenlet.Benchmarks/Greenlet.Benchmarks.csproj" --artifacts-path "$work/greenlet" >&2; then
    greenlet_dll="$(find "$work/greenlet/bin" -name Greenlet.Benchmarks.dll | head -n 1)"
    greenlet_cmd="dotnet $(printf %q "$greenlet_dll") side-by-side"
  else
    log "Greenlet.Benchmarks build failed"; failed+=(greenlet)
  fi
fi

# --- run ---------------------------------------------------------------------
# run_peer NAME COMMAND...: runs COMMAND (plus --quick) under the timeout,
# echoes its RESULT lines, and checks every workload was reported. A program
# that fails once is not run again.
run_peer() {
  local name="$1" rc=0 w out
  shift
  [[ " ${failed[*]} " == *" $name "* ]] && return 0
  out="$work/$name.$launch"
  log "running $name (launch $launch of $launches): $* ${quick_args[*]:-}"
  timeout --kill-after=10 "$timeout_s" "$@" "${quick_args[@]}" >"$out.out" 2>"$out.err" || rc=$?
  grep "^RESULT peer=$name " "$out.out" | sed "s/\$/ launch=$launch/" | tee -a "$work/results" || true
  if [[ $rc -ne 0 ]]; then
    if [[ $rc -eq 124 ]]; then log "$name timed out after ${timeout_s}s"; else log "$name failed (exit $rc)"; fi
    tail -n 20 "$out.err" >&2
    failed+=("$name")
    return 0
  fi
  for w in "${workloads[@]}"; do
    grep -q "^RESULT peer=$name workload=$w " "$out.out" ||
      { log "$name reported no $w result"; failed+=("$name"); return 0; }
  done
}

: >"$work/results"
columns=()
[[ -n "$greenlet_cmd" ]] && columns+=(greenlet)
columns+=(gevent go dotnet-async)
[[ -n "$python" ]] || { log "no python3 with gevent"; failed+=(gevent); }

# Rounds of one launch per program, so a slow phase of the machine falls on every program alike.
for ((launch = 1; launch <= launches; launch++)); do
  if [[ -n "$greenlet_cmd" ]]; then
    cd "$repo"
    run_peer greenlet bash -c "$greenlet_cmd \"\$@\"" greenlet-bench
    cd - >/dev/null
  fi
  if [[ -n "$python" ]]; then run_peer gevent "$python" "$peers/gevent/core.py"; fi
  if [[ -x "$go_bin" ]]; then run_peer go "$go_bin"; fi
  if [[ -n "$dotnet_dll" ]]; then run_peer dotnet-async dotnet "$dotnet_dll"; fi
done

# --- table -------------------------------------------------------------------
echo
echo "## Core benchmarks, side by side$([[ ${#quick_args[@]} -gt 0 ]] && echo ' (--quick: smoke sizes, not figures)')"
echo
echo "$(nproc) cores, $(uname -sm), $(date -u +%Y-%m-%dT%H:%MZ); go: $(go version 2>/dev/null | cut -d' ' -f3);" \
  "gevent: $([[ -n "$python" ]] && "$python" -c 'import gevent,sys; print(gevent.__version__, "on Python", sys.version.split()[0])');" \
  ".NET: $(dotnet --version 2>/dev/null). Lower is better; \"greenlet vs X\" = greenlet ÷ X (below 1: greenlet is cheaper)."
echo
table() { # mode: median (with ratios) or launches (every launch's figure, in launch order)
  awk -v mode="$1" -v columns="${columns[*]}" -v workloads="${workloads[*]}" '
    {
      delete f
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      key = f["workload"] SUBSEP f["peer"]
      count[key]++; value[key, count[key]] = f["value"]; unit[f["workload"]] = f["unit"]
      if (!(f["workload"] in seen)) { seen[f["workload"]] = 1; extra[++nextra] = f["workload"] }
    }
    # The middle figure (for an even count, the mean of the two middle ones), as the program printed it.
    function median(key,   m, i, j, t, a) {
      m = count[key]
      for (i = 1; i <= m; i++) a[i] = value[key, i]
      for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return m % 2 ? a[(m + 1) / 2] : sprintf("%.1f", (a[m / 2] + a[m / 2 + 1]) / 2)
    }
    function every(key,   i, text) {
      for (i = 1; i <= count[key]; i++) text = text (i > 1 ? " / " : "") value[key, i]
      return text
    }
    END {
      nc = split(columns, col, " "); nw = split(workloads, row, " ")
      for (i = 1; i <= nextra; i++) { known = 0; for (j = 1; j <= nw; j++) if (row[j] == extra[i]) known = 1; if (!known) row[++nw] = extra[i] }
      ratios = (mode == "median" && col[1] == "greenlet")
      line = "| workload | unit |"; sep = "|---|---|"
      for (c = 1; c <= nc; c++) { line = line " " col[c] " |"; sep = sep "---:|" }
      if (ratios) for (c = 2; c <= nc; c++) { line = line " greenlet vs " col[c] " |"; sep = sep "---:|" }
      print line; print sep
      for (r = 1; r <= nw; r++) {
        w = row[r]; line = "| " w " | " (w in unit ? unit[w] : "") " |"
        for (c = 1; c <= nc; c++) {
          k = w SUBSEP col[c]
          shown[c] = k in count ? (mode == "median" ? median(k) : every(k)) : ""
          line = line " " (shown[c] != "" ? shown[c] : "–") " |"
        }
        if (ratios) for (c = 2; c <= nc; c++)
          line = line " " (shown[1] != "" && shown[c] != "" && shown[c] + 0 > 0 ? sprintf("%.2f", shown[1] / shown[c]) : "–") " |"
        print line
      }
    }' "$work/results"
}

if [[ $launches -gt 1 ]]; then
  echo "Each figure is the median of $launches launches of its program, run in rounds (every program once, then again); the ratios are of those medians."
  echo
fi
table median
if [[ $launches -gt 1 ]]; then
  echo
  echo "Every launch, in order:"
  echo
  table launches
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
