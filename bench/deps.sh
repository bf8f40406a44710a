#!/bin/bash
# Installs what bench/run.sh uses beyond the build (never needed by ctest): gnuplot-nox for the
# chart, python3-xapian for the Xapian peer, xapian-tools for xapian-compact (the compacted
# index size). Runs apt-get as root, or through sudo. Safe to run again.
set -euo pipefail
pkgs=(gnuplot-nox python3-xapian xapian-tools)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
echo "souwen bench: installing ${missing[*]}" >&2
sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "souwen bench: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
