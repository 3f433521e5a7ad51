#!/usr/bin/env bash
# Packs the Greenlet package into artifacts/packages, a local NuGet feed (docs/getting-started.md, "Install").
# Each pack gets a new version, VersionPrefix-local.<time>, so a project that restored an older one gets the new
# one too (dotnet add package Greenlet --prerelease). Arguments go to dotnet pack; a release passes
# -p:OfficialBuild=true for the plain VersionPrefix (see Greenlet.Runtime.csproj).
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$PWD/artifacts/packages"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet pack Greenlet.Runtime/Greenlet.Runtime.csproj -c Release -o "$feed" "$@" | tee "$log"
package=$(sed -nE "s/.*Successfully created package '([^']+)'.*/\1/p" "$log" | tail -n 1)
[ -n "$package" ] || { echo "dotnet pack did not say which package it created" >&2; exit 1; }
echo "Packed $(basename "$package") into $feed"
