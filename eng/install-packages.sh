#!/usr/bin/env bash
# Installs the Debian packages named in the given lists that are not installed yet.
# A list holds one package name a line; '#' starts a comment. Used by eng/tour.sh and eng/test.sh.
#   eng/install-packages.sh eng/runtime-packages.txt [more lists...]
set -euo pipefail

wanted=()
for list in "$@"; do
    mapfile -t -O "${#wanted[@]}" wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$' || true)
done
((${#wanted[@]})) || exit 0

if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
    echo "Not a Debian-based system: install the equivalents of these Debian packages yourself: ${wanted[*]}" >&2
    exit 0
fi

missing=()
for package in "${wanted[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
((${#missing[@]})) || exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
