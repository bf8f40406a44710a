/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shards.h - which Xapian databases make up one index folder, and which of
 * them holds each document.
 *
 * An index folder holds its SQLite store and one or more Xapian databases,
 * its shards: souwen-index -j N writes N shards at once, one writer thread
 * each (Xapian allows one writer per database). The folder's `shards` file
 * is the record of the layout:
 *
 *     # souwen shards ...
 *     shard xapian
 *     shard xapian.1
 *     epoch 0 0 1
 *     epoch 1201 3377 2
 *
 * `shard NAME` lists the shard folders in order; `epoch A H N` says that
 * articles from id A and headlines from id H on are spread over the first
 * N shards, by id modulo N. The last epoch whose start is at or below an id
 * decides, so a document is always written, replaced and deleted in the
 * same shard whatever -j later runs use: more workers add an epoch, fewer
 * share the shards out. A folder without the file (written before shards)
 * is one shard, `xapian`, one epoch.
 *
 * Beside it, `xapian.stub` is a Xapian stub database listing the same
 * shards, so that Xapian's own tools (xapian-tcpsrv, xapian-delve) open
 * the whole index as one database. Both files are replaced atomically
 * (write, fsync, rename); the layout is saved before the stub.
 */
#ifndef SW_SHARDS_H
#define SW_SHARDS_H

#include <stddef.h>
#include <stdint.h>

#define SW_SHARDS_MAX 64

typedef struct sw_epoch {
    int64_t from_a; /* first article id of the epoch */
    int64_t from_h; /* first headline id */
    unsigned count; /* shards the epoch spreads over (the first `count`) */
} sw_epoch;

typedef struct sw_shards {
    char *dir;                  /* the index folder, owned */
    char *names[SW_SHARDS_MAX]; /* shard folder names, owned, names[0..n) */
    size_t n;
    sw_epoch epochs[SW_SHARDS_MAX]; /* in order of id, epochs[0..nepochs) */
    size_t nepochs;
    int recorded; /* read from the `shards` file (else the default layout) */
} sw_shards;

/*
 * Reads the layout of index folder `dir` into *s (released with
 * sw_shards_release): the default layout when the folder has no `shards`
 * file; SW_EINDEX naming the file and line when it is damaged.
 */
int sw_shards_load(const char *dir, sw_shards *s, char **errmsg);
void sw_shards_release(sw_shards *s);

/*
 * Whether the shards of a loaded layout can be used: SW_EINDEX naming a shard or the stub that
 * is a symbolic link (never followed: a writer would write where it points), a shard that is
 * not a folder, or a shard that is missing although the layout was recorded or the store
 * exists (a lost shard: --rebuild recovers it; it is never recreated empty).
 */
int sw_shards_check(const sw_shards *s, char **errmsg);

/* Writes `shards` and then `xapian.stub` (each atomically, created 0644 less the umask). */
int sw_shards_save(const sw_shards *s, char **errmsg);

/* The shard (index into names) holding document (type, id): 'a' (or 'c') an article, 'h'
 * (or 'g') a headline. */
unsigned sw_shards_route(const sw_shards *s, char type, int64_t id);

/* The largest number of shards any epoch spreads over. */
unsigned sw_shards_width(const sw_shards *s);

/*
 * Spreads ids from next_a / next_h on over `count` shards, adding shard
 * names when there are fewer (not saved: call sw_shards_save).
 */
int sw_shards_grow(sw_shards *s, unsigned count, int64_t next_a, int64_t next_h, char **errmsg);

/*
 * Replaces the layout by `count` shards (fresh names not used by the
 * current layout when `fresh`, else xapian, xapian.1, ...) and one epoch
 * over them (not saved).
 */
int sw_shards_reset(sw_shards *s, unsigned count, int fresh, char **errmsg);

/*
 * Gives every shard a fresh name (one neither the layout nor the folder uses), keeping the
 * epochs: each document stays in the shard of the same place (not saved).
 */
int sw_shards_rename(sw_shards *s, char **errmsg);

/* "dir/names[i]", malloc'd; NULL when out of memory. */
char *sw_shards_path(const sw_shards *s, size_t i);

/*
 * Appends the paths of every shard of index folder `dir` to paths[*n..max)
 * (malloc'd; the caller frees paths[0..*n) whatever the outcome), after
 * sw_shards_check.
 */
int sw_shards_paths(const char *dir, char **paths, size_t *n, size_t max, char **errmsg);

#endif
