# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/history.sh and tests/captures.sh: their check and their WARC writer.
# (Sourced, not run: no shebang.)

fails=0
# check WHAT GOT WANT: a failure is printed and counted in $fails.
check() {
    if [[ $2 != "$3" ]]; then
        printf 'FAIL %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"
        fails=$((fails + 1))
    fi
}

# record FILE TYPE URI DATE BLOCK: one WARC record appended to FILE (DATE "": no WARC-Date).
record() {
    local len
    len=$(printf '%s' "$5" | wc -c)
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n' "$2" "$3" >>"$1"
    [[ -n $4 ]] && printf 'WARC-Date: %s\r\n' "$4" >>"$1"
    printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' "$len" >>"$1"
    printf '%s\r\n\r\n' "$5" >>"$1"
}
