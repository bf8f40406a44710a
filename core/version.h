/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version.h - what --version prints: the tool and the libraries it runs with.
 *
 * A bug report needs the versions of Xapian, ICU and SQLite that were loaded,
 * which a Debian system upgrades apart from souwen; those are asked of the
 * libraries at run time. OpenCC has no such call: its line is the version
 * souwen was built against.
 */
#ifndef SW_VERSION_H
#define SW_VERSION_H

#include <stdio.h>

/*
 * Writes "TOOL VERSION" and then one line per library, "xapian 1.4.22" and so on (Xapian,
 * ICU, SQLite, OpenCC), to f.
 */
void sw_version_print(FILE *f, const char *tool);

#endif
