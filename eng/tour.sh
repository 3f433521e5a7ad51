#!/usr/bin/env bash
# Runs the tutorial tour (arguments go to it: --list, or one example's name). Installs first the system
# libraries the runtime loads that a fresh machine lacks (eng/runtime-packages.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-packages.sh eng/runtime-packages.txt
exec dotnet run --project samples/Tour -c Release -- "$@"
