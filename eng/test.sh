#!/usr/bin/env bash
# Runs the tests. Installs first what the tests need that a fresh machine lacks.
#
#   eng/test.sh                 every test in Release, then the Unit and Generator categories again in Debug
#   eng/test.sh --fast          only the Unit and Generator categories, in Debug (about a minute once built)
#   eng/test.sh --filter Zmq    any other arguments go to dotnet test, in Release
#
# The Debug run is where the runtime's Debug.Assert invariants are compiled in; a failed one fails its test
# (Greenlet.Tests/DebugAssertsFailTests.cs). Every fixture carries exactly one of the categories Unit, Generator and
# Peer (Greenlet.Tests/TestCategories.cs): Peer is what starts processes, talks to real peers, packs or publishes.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the runtime loads and what the tests talk to, one Debian package name a line in each list.
eng/install-packages.sh eng/runtime-packages.txt eng/test-packages.txt

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
summaries=()

# dotnet test in one configuration; remembers its closing counts, in one plain line that any reader understands.
run() { # label, dotnet test arguments...
    local label=$1
    shift
    : >"$log"
    dotnet test Greenlet.Tests "$@" 2>&1 | tee "$log" || status=$?
    local summary
    summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1 || true)
    if [ -n "$summary" ]; then
        local failed passed skipped
        failed=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
        passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
        skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
        summaries+=("$label: $passed passed, $failed failed, $skipped skipped")
    else
        summaries+=("$label: no test summary (the build or the test host failed)")
    fi
}

fast=(-c Debug --filter "TestCategory=Unit|TestCategory=Generator")
if [ "${1:-}" = "--fast" ]; then
    shift
    run "Debug, Unit and Generator" "${fast[@]}" "$@"
elif [ $# -gt 0 ]; then
    run "Release" -c Release "$@"
else
    run "Release, every test" -c Release
    run "Debug, Unit and Generator" "${fast[@]}"
fi

printf '%s\n' "${summaries[@]}"
exit "$status"
