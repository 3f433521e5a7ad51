#!/usr/bin/env bash
# Runs every test (arguments go to dotnet test, e.g. --filter Zmq). Installs first what the tests need that a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the runtime loads and what the tests talk to, one Debian package name a line in each list.
eng/install-packages.sh eng/runtime-packages.txt eng/test-packages.txt

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Greenlet.Tests -c Release "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line that any reader of this output understands.
summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
    failed=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
    passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
    skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
    echo "$passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
