/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * error.h - souwen's error codes.
 *
 * Every fallible function returns int: 0 on success, a negative SW_E* code on
 * failure. Functions that can say more take `char **errmsg` and, on failure,
 * store there a malloc'd one-line message in git's form (lowercase, no final
 * full stop, the file quoted); the caller owns it and frees it with free().
 * Only main() prints and exits.
 */
#ifndef SW_ERROR_H
#define SW_ERROR_H

enum {
    SW_OK = 0,
    SW_ENOMEM = -1,    /* out of memory */
    SW_EIO = -2,       /* a file could not be read or written */
    SW_EPARSE = -3,    /* input did not have the expected shape */
    SW_EINDEX = -4,    /* the Xapian index failed */
    SW_ESTORE = -5,    /* the SQLite store failed */
    SW_EUSAGE = -6,    /* bad arguments or query */
    SW_EICU = -7,      /* ICU failed */
    SW_ENOTFOUND = -8, /* no such page, document or file */
    SW_ELOCKED = -9,   /* another process is writing the index */
    SW_EOPENCC = -10   /* OpenCC's phrase tables could not be loaded or used */
};

/* A static English description of `rc`. */
const char *sw_strerror(int rc);

/*
 * Stores a malloc'd, printf-formatted message in *errmsg (when errmsg is not
 * NULL, freeing any message already there) and returns rc, so that callers
 * can write `return sw_error(errmsg, SW_EIO, "unable to open '%s'", path);`.
 */
int sw_error(char **errmsg, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
