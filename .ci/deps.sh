#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian 12 packages souwen needs to build and test, when any is
# missing (or, given package names, those: bench/deps.sh). Runs apt-get as root,
# or through sudo. Safe to run again.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libxapian-dev libicu-dev libsqlite3-dev libjansson-dev
      libxxhash-dev libxml2-dev zlib1g-dev libopencc-dev liburiparser-dev sqlite3 jq xapian-tools clang-14
      libclang-rt-14-dev libcairo2-dev fonts-wqy-microhei man-db zsh)
((${#} == 0)) || pkgs=("$@")
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
echo "souwen: installing ${missing[*]}" >&2
sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "souwen: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
