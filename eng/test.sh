#!/usr/bin/env bash
# Runs every test. Installs first what the tests need that a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use (real peers, libraries). One name per line in eng/test-packages.txt.
mapfile -t wanted < <(grep -v '^\s*#' eng/test-packages.txt | grep -v '^\s*$' || true)
missing=()
for package in "${wanted[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "Installing test packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Greenlet.Tests -c Release 2>&1 | tee "$log" || status=$?

# One plain closing line that any reader of this output understands.
summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
    failed=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
    passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
    skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
    echo "$passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
