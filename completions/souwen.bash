# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for souwen-index and souwen-search (installed under both names in
# share/bash-completion/completions; needs nothing from the bash-completion package).

_souwen_search_options="--db --json --format --bom --limit --offset --type --any --strict --sort
    --all-copies --count --facet --plot --all --story --snippet-chars --color --queries --timings
    --help --version"
_souwen_index_options="--db --jobs --quiet --timings --commit-every --base-url --fetched-at --at --follow --exclude --no-compact
    --remove --rebuild --compact --stats --show --json --check --upgrade --retry-failed --history --help
    --version"

_souwen_search() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
    -d | --db) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    -t | --type) mapfile -t COMPREPLY < <(compgen -W "article headline" -- "$cur"); return ;;
    --sort) mapfile -t COMPREPLY < <(compgen -W "relevance date" -- "$cur"); return ;;
    --facet)
        mapfile -t COMPREPLY < <(compgen -W "source site section type year month day author" -- "$cur")
        return ;;
    --format) mapfile -t COMPREPLY < <(compgen -W "text jsonl csv tsv" -- "$cur"); return ;;
    --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
    --queries | --timings | --plot) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    -n | --limit | --offset | --snippet-chars | --story) return ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$_souwen_search_options" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -W "title: source: author: section: url: type:article
            type:headline date:" -- "$cur")
        compopt -o nospace 2>/dev/null
    fi
}

_souwen_index() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
    -d | --db) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    -j | --jobs | --commit-every | --base-url | --fetched-at | --at | --exclude) return ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$_souwen_index_options" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur") # pages, folders, WARC files
    fi
}

complete -F _souwen_search souwen-search
complete -F _souwen_index souwen-index
