#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Precision benchmark: names (precision@10, recall against the quoted name), natural questions
# and Taiwan wording (success@5), over the CCTV stories as crawled pages.
# usage: bench/quality/precise.sh [--build DIR] [--data DIR] [--work DIR] [--json FILE] [--sets names,questions,wording]
# Skips (exit 0) when the data is missing; skips wording without opencc. See README.md.
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
PYTHONDONTWRITEBYTECODE=1 exec "$py" "$here/precise.py" "$@"
