#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What a Debian user installs: `cmake --install` into a prefix, the man pages (every option of
# each tool's --help, and nothing else; rendered by man without a warning), the bash and zsh
# completions, the licence, and the .deb cpack makes (contents, Depends from the shared
# libraries, the tools run from a scratch root it was unpacked into).
set -u
src=$1 build=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; return 1; fi; }
for tool in man dpkg-deb cpack bash; do
    command -v $tool >/dev/null || { echo "FAIL: $tool is missing (bash .ci/deps.sh installs it)"; exit 1; }
done

# The options of a tool's --help, one per line (--long, and -x for a short form).
help_options() {
    "$build/$1" --help | sed -nE 's/^ {2,6}(-([A-Za-z]), )?--([a-z][a-z-]*).*/--\3 -\2/p' |
        tr ' ' '\n' | grep -v '^-$' | sort -u
}
# The options a man page describes (.TP headings), one per line.
man_options() {
    awk '/^\.TP/ { getline; print }' "$src/docs/man/$1.1" | sed 's/\\-/-/g' |
        grep -oE '(^|[ "])--?[A-Za-z][a-z-]*' | tr -d ' "' | sort -u
}
for t in souwen-index souwen-search; do
    h=$(help_options $t) m=$(man_options $t)
    check "$t(1) describes every option of --help, and no other" '[[ -n $h && $h == "$m" ]]' ||
        diff <(echo "$h") <(echo "$m")
    for f in completions/souwen.bash completions/_souwen; do
        words=$(sed -n "/^_${t/-/_}_options=/,/\"\$/p; /^_${t/-/_}()/,/^}/p" "$src/$f")
        missing=$(for o in $(grep '^--' <<<"$h"); do grep -qw -- "$o" <<<"$words" || echo "$o"; done)
        check "$f completes every option of $t" '[[ -z $missing ]]' || echo "  missing: $missing"
    done
done
for page in souwen-index.1 souwen-search.1 souwen-query.7; do
    for loc in C.UTF-8 C; do
        w=$(LC_ALL=$loc MANWIDTH=80 man --warnings -l "$src/docs/man/$page" 2>&1 >/dev/null)
        check "man --warnings -l $page ($loc): no warning" '[[ -z $w ]]' || echo "$w" | head -5
    done
done
check "souwen-search(1) documents the query language in souwen-query(7)" \
    'grep -q "souwen-query (7)" "$src/docs/man/souwen-search.1"'

# cmake --install, unprivileged, into a prefix.
out=$(cmake --install "$build" --prefix "$work/usr" 2>&1)
check "cmake --install --prefix works unprivileged" '[[ $? -eq 0 ]]' || echo "$out" | tail -5
for f in bin/souwen-index bin/souwen-search share/man/man1/souwen-index.1 \
    share/man/man1/souwen-search.1 share/man/man7/souwen-query.7 \
    share/bash-completion/completions/souwen-search share/bash-completion/completions/souwen-index \
    share/zsh/site-functions/_souwen share/doc/souwen/copyright share/doc/souwen/README.md \
    share/doc/souwen/NEWS; do
    check "installs $f" '[[ -s $work/usr/$f ]]'
done
v=$("$work/usr/bin/souwen-search" --version)
check "the installed souwen-search runs: --version" '[[ $v == "souwen-search "[0-9]* ]]'
check "the licence is GPL-2.0-or-later, named in every source file" \
    'grep -q "GNU GENERAL PUBLIC LICENSE" "$src/COPYING" && grep -q "Version 2" "$src/COPYING" &&
     [[ -z $(cd "$src" && grep -L "SPDX-License-Identifier: GPL-2.0-or-later" \
        core/*.[ch] core/*.cc core/*.h indexer/*.[ch] query/*.[ch] tests/unit/*.[ch] \
        tests/fuzz/*.c bench/*.c) ]]'
manpath=$work/usr/share/man
check "man finds the installed pages" \
    'MANPATH=$manpath man -w souwen-search | grep -q "$manpath/man1/souwen-search.1" &&
     MANPATH=$manpath man -w 7 souwen-query | grep -q souwen-query.7'

# The bash completion, sourced as bash-completion would: registered, and completing.
comp=$work/usr/share/bash-completion/completions/souwen-search
c=$(bash -c "source '$comp' && complete -p souwen-search souwen-index")
check "bash: complete -p souwen-search names the completion" \
    '[[ $c == *"-F _souwen_search souwen-search"* && $c == *"-F _souwen_index souwen-index"* ]]'
r=$(bash -c "source '$comp'; COMP_WORDS=(souwen-search --facet au); COMP_CWORD=2; _souwen_search;
    echo \"\${COMPREPLY[*]}\"; COMP_WORDS=(souwen-search --so); COMP_CWORD=1; _souwen_search;
    echo \"\${COMPREPLY[*]}\"; COMP_WORDS=(souwen-search --type ''); COMP_CWORD=2; _souwen_search;
    echo \"\${COMPREPLY[*]}\"; COMP_WORDS=(souwen-search da); COMP_CWORD=1; _souwen_search;
    echo \"\${COMPREPLY[*]}\"; mkdir -p '$work/idx.db'; cd '$work';
    COMP_WORDS=(souwen-search --db id); COMP_CWORD=2; _souwen_search; echo \"\${COMPREPLY[*]}\"")
check "bash completes --facet values, options, --type values, fields and --db folders" \
    '[[ $r == $'"'"'author\n--sort\narticle headline\ndate:\nidx.db'"'"' ]]' || echo "$r"
if command -v zsh >/dev/null; then
    z=$(zsh -fc "fpath=('$work/usr/share/zsh/site-functions' \$fpath); autoload -Uz compinit;
        compinit -u -d '$work/zcompdump'; echo \$_comps[souwen-search]")
    check "zsh: compinit finds _souwen for souwen-search" '[[ $z == _souwen ]]'
fi

# The .deb: cpack from the build folder, into a scratch folder.
out=$(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" 2>&1)
deb=$(ls "$work"/pkg/souwen_*.deb 2>/dev/null | head -1)
check "cpack -G DEB makes a .deb" '[[ -f $deb ]]' || echo "$out" | tail -5
if [[ -f $deb ]]; then
    dep=$(dpkg-deb -f "$deb" Depends)
    # By name stem: a release's sonames (libxapian30, libicu72 on Debian 12) come from
    # dpkg-shlibdeps, not from us.
    for lib in libxapian libicu libsqlite3 libxml2 libopencc libcairo2 libjansson libopencc-data; do
        check "Depends names $lib" '[[ $dep =~ (^|, )$lib[0-9.-]*( |,|$) ]]' || echo "  Depends: $dep"
    done
    list=$(dpkg-deb -c "$deb")
    for f in ./usr/bin/souwen-index ./usr/bin/souwen-search ./usr/share/man/man1/souwen-search.1 \
        ./usr/share/man/man7/souwen-query.7 ./usr/share/bash-completion/completions/souwen-search \
        ./usr/share/doc/souwen/copyright; do
        check "the .deb holds $f" '[[ $list == *" $f"* ]]'
    done
    dpkg -x "$deb" "$work/root"
    v=$("$work/root/usr/bin/souwen-search" --version) && i=$("$work/root/usr/bin/souwen-index" --version)
    check "the tools unpacked from the .deb run: --version" \
        '[[ $v == "souwen-search "[0-9]* && $i == "souwen-index "[0-9]* ]]'
    "$work/root/usr/bin/souwen-index" --quiet --db "$work/d" "$src/samples" &&
        h=$("$work/root/usr/bin/souwen-search" --db "$work/d" --count 人工智能)
    check "and index and search the samples" '[[ ${h:-0} -gt 0 ]]'
fi
exit $fail
