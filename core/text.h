/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * text.h - text that goes to a terminal, or is cut: control characters and UTF-8.
 *
 * Page text is data, and a terminal obeys some of the bytes data may hold:
 * ESC [ 2 J clears the screen, ESC ] 52 ; ... BEL writes the clipboard. What
 * souwen writes for people (text output, messages on stderr) shows every C0
 * control character, DEL and every byte that is not UTF-8 as \xNN (\x1b for
 * ESC), and every C1 control character (U+0080..U+009F) as \uNNNN, as git and
 * less make such bytes visible; all other characters are written as they are.
 * The readers strip control characters from the short fields of a page
 * (sw_text_strip); bodies keep them, as stored text stays as it was.
 *
 * Shortened strings are cut between characters, never inside one
 * (sw_utf8_cut), so that output stays valid UTF-8 for iconv and Python.
 */
#ifndef SW_TEXT_H
#define SW_TEXT_H

#include "buf.h"

#include <stddef.h>
#include <stdio.h>

/*
 * The length of the longest prefix of s[0..len) of at most `max` bytes that
 * does not end inside a UTF-8 character (bytes that are not UTF-8 count as
 * characters of one byte).
 */
size_t sw_utf8_cut(const char *s, size_t len, size_t max);

/* Appends s[0..len) to b as valid UTF-8: each ill-formed sequence becomes U+FFFD. */
void sw_utf8_valid(sw_buf *b, const char *s, size_t len);

/* Appends s[0..len) to b with control characters and bytes that are not UTF-8 escaped. */
void sw_text_escape(sw_buf *b, const char *s, size_t len);

/* Writes s[0..len) to f as sw_text_escape writes it. */
void sw_text_put(FILE *f, const char *s, size_t len);

/* Writes the NUL-terminated s to f as sw_text_escape writes it (nothing for NULL). */
void sw_text_puts(FILE *f, const char *s);

/*
 * Writes "PROG: MESSAGE\n" to stderr, MESSAGE formatted from fmt and escaped as
 * sw_text_escape does: file names, URLs and titles in messages cannot drive the terminal.
 */
void sw_text_warn(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Reports an option getopt_long refused, in the words both tools use: `c` is what getopt_long
 * returned (':' for an option that needs a value, else an unknown option) and `arg` the
 * argument as typed (argv[optind - 1]). Returns 2, the exit status of a usage error.
 */
int sw_text_bad_option(const char *prog, int c, const char *arg);

/*
 * Removes the control characters (C0, DEL, C1) from the NUL-terminated s, in
 * place. With `spaces`, a tab, line break, vertical tab, form feed or NEL
 * becomes one space (none at either end, none beside another space);
 * without, those are removed too (URLs). Bytes that are not UTF-8 are kept.
 * Returns s's new length.
 */
size_t sw_text_strip(char *s, int spaces);

#endif
