#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what bench/run.sh uses beyond the build (never needed by ctest): gnuplot-nox for the
# chart, python3-xapian for the Xapian peer, xapian-tools for xapian-compact (the compacted
# index size), opencc for the wording set of bench/quality/precise.py, through the same
# installer as the build's (.ci/deps.sh). Safe to run again.
exec bash "$(dirname "$0")/../.ci/deps.sh" gnuplot-nox python3-xapian xapian-tools opencc
