/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * error.c - error codes and the one helper that formats error messages.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *sw_strerror(int rc) {
    switch (rc) {
    case SW_OK: return "success";
    case SW_ENOMEM: return "out of memory";
    case SW_EIO: return "input/output error";
    case SW_EPARSE: return "unrecognised input";
    case SW_EINDEX: return "index error";
    case SW_ESTORE: return "store error";
    case SW_EUSAGE: return "usage error";
    case SW_EICU: return "ICU error";
    case SW_ENOTFOUND: return "not found";
    case SW_ELOCKED: return "index is locked";
    case SW_EOPENCC: return "OpenCC's phrase tables (tw2sp, hk2s) could not be used";
    default: return "unknown error";
    }
}

int sw_error(char **errmsg, int rc, const char *fmt, ...) {
    if (!errmsg)
        return rc;
    free(*errmsg);
    *errmsg = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return rc;
    char *msg = malloc((size_t)n + 1);
    if (!msg)
        return rc;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *errmsg = msg;
    return rc;
}
