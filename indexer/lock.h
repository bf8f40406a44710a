/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock.h - one writer per index folder.
 *
 * A writer holds an exclusive flock(2) on DIR/lock, a file holding its pid,
 * for as long as it has the index open. A second writer does not wait: it
 * gets SW_ELOCKED and a message naming the pid that holds the lock. The
 * kernel drops the lock when its holder dies, even by kill -9, so a stale
 * file never blocks anyone. Readers (souwen-search) take no lock: SQLite's
 * WAL and Xapian's revisions give them the last committed state.
 */
#ifndef SW_LOCK_H
#define SW_LOCK_H

#include "buf.h"

/*
 * Takes the lock of index folder `dir` (which must exist); *fd receives its descriptor.
 * A lock file that is a symbolic link or not a regular file is refused (SW_EINDEX).
 */
int sw_lock_take(const char *dir, int *fd, char **errmsg);
/*
 * A shared lock on `dir` (--check): it excludes a writer, not other readers,
 * and needs no write access. No lock file, or one we may not open, is no
 * lock (*fd -1, not an error).
 */
int sw_lock_shared(const char *dir, int *fd, char **errmsg);
/*
 * For the tools that work on an index that must already exist (--check with
 * `shared`, --upgrade): checks that `dir` is one, takes its lock (*fd, -1
 * when not taken) and writes the store's path into `store_path` (reset
 * first). SW_ENOTFOUND names a missing folder or a folder with no store.
 */
int sw_lock_existing(const char *dir, int shared, int *fd, sw_buf *store_path, char **errmsg);
/* Releases a lock taken by sw_lock_take; fd < 0 is a no-op. */
void sw_lock_release(int fd);

#endif
