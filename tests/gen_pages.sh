#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes N generated crawled text pages to OUT_DIR, for the crash, concurrency and hostile
# tests and the benches: the pages of samples/ in turn, each under its own URL, its title
# numbered, and one headline of its own added under 相关推荐 (the others repeat across pages,
# as real headline lists do).
# usage: gen_pages.sh SAMPLES_DIR OUT_DIR N
set -euo pipefail
samples=$1 out=$2 n=$3
mkdir -p "$out"
awk -v n="$n" -v out="$out" '
    FNR == 1 { f++ }
    { lines[f, FNR] = $0; count[f] = FNR }
    END {
        for (i = 1; i <= n; i++) {
            s = (i - 1) % f + 1
            path = sprintf("%s/p%06d.txt", out, i)
            printf "URL: https://gen.example.cn/%d/%06d.html\n", s, i > path
            titled = 0; seen_crumb = 0
            for (k = 1; k <= count[s]; k++) {
                l = lines[s, k]
                if (l ~ /^URL:/) continue
                if (!seen_crumb && l ~ /^首页/) { seen_crumb = 1; print l > path; continue }
                if (!titled && l != "") { l = l " 第" i "篇"; titled = 1 }
                print l > path
            }
            printf "\n相关推荐\n\n生成页面第%d号专属标题 记录城市变化\n生成来源\n2026-02-%02d 10:%02d:00\n", \
                i, i % 28 + 1, i % 60 > path
            close(path)
        }
    }' "$samples"/*.txt
