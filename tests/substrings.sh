#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Recall that does not depend on where the segmenter cut: every substring of
# 2 to 6 Chinese characters of each sample article's title, searched alone,
# must find that article.
set -u
src=$1 build=$2
export LC_ALL=C.UTF-8
db=$(mktemp -d "${TMPDIR:-/tmp}/souwen-sub.XXXXXX")
trap 'rm -rf "$db"' EXIT
"$build/souwen-index" --quiet --db "$db/i" "$src/samples" || exit 1
queries=0 missed=0 articles=0
# Every article: its id and title (a filter alone lists them all).
while IFS=$'\t' read -r id title; do
    articles=$((articles + 1))
    # The title's runs of Chinese characters, then their substrings.
    runs=() run=""
    for ((k = 0; k < ${#title}; k++)); do
        c=${title:k:1}
        if [[ $c == [一-鿿] ]]; then run+=$c; else runs+=("$run"); run=""; fi
    done
    runs+=("$run")
    for run in "${runs[@]}"; do
        n=${#run}
        for ((len = 2; len <= 6; len++)); do
            for ((i = 0; i + len <= n; i++)); do
                q=${run:i:len}
                queries=$((queries + 1))
                if ! "$build/souwen-search" --db "$db/i" --json --type article --limit 1000 "$q" \
                        | grep -qF "\"type\":\"article\",\"id\":$id,"; then
                    echo "missed: '$q' does not find article $id ($title)"
                    missed=$((missed + 1))
                fi
            done
        done
    done
done < <("$build/souwen-search" --db "$db/i" --json --limit 1000 type:article |
         sed -E 's/.*"id":([0-9]+),"title":"([^"]*)".*/\1\t\2/')
echo "$articles articles, $queries substrings searched, $missed missed"
((articles >= 4 && queries > 100 && missed == 0))
