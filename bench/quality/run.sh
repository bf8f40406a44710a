#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Relevance benchmark: souwen vs Xapian CJK n-grams vs SQLite FTS5 trigram.
# usage: bench/quality/run.sh [--data DIR] [--build DIR] [--quick] [--sets cmrc,cctv]
# Skips (exit 0) when the data or python3-xapian is missing. See README.md.
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
PYTHONDONTWRITEBYTECODE=1 exec "$py" "$here/quality.py" "$@"
