/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version.c - the versions --version prints (see version.h).
 *
 * Xapian (through the index, the one door to the shim), ICU and SQLite say
 * which version is loaded; the dynamic linker may have picked another minor
 * release than the one souwen was built with, and that is the one that runs.
 * This file prints; it does not compare versions or refuse any.
 */
#include "version.h"

#include "index.h"

#include <sqlite3.h>
#include <unicode/uversion.h>

void sw_version_print(FILE *f, const char *tool) {
    UVersionInfo icu;
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(icu);
    u_versionToString(icu, icu_text);
    fprintf(f, "%s %s\n", tool, SOUWEN_VERSION);
    fprintf(f, "xapian %s\n", sw_index_xapian_version());
    fprintf(f, "icu %s\n", icu_text);
    fprintf(f, "sqlite %s\n", sqlite3_libversion());
    /* libopencc has no call that gives its version: this is the one pkg-config named at build
     * time (SW_OPENCC_VERSION, from CMakeLists.txt). */
    fprintf(f, "opencc %s (built with)\n", SW_OPENCC_VERSION);
}
