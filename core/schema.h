/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * schema.h - the version of souwen's stored layout.
 *
 * One number for both halves of an index folder: the SQLite store records it as its
 * user_version (schema/souwen.sql) and every Xapian shard under the metadata key
 * "souwen_schema" (schema/TERMS.md). Each is checked at open; `souwen-index --upgrade` runs
 * the migrations of core/store.c to move an older folder to this version.
 */
#ifndef SW_SCHEMA_H
#define SW_SCHEMA_H

#define SW_SCHEMA_VERSION 11

#endif
