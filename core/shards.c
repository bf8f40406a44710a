/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shards.c - the shard layout of an index folder (see shards.h).
 */
#include "shards.h"

#include "buf.h"
#include "error.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set_default(sw_shards *s) {
    if (!(s->names[0] = strdup("xapian")))
        return SW_ENOMEM;
    s->n = 1;
    s->epochs[0] = (sw_epoch){0, 0, 1};
    s->nepochs = 1;
    return 0;
}

void sw_shards_release(sw_shards *s) {
    free(s->dir);
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    memset(s, 0, sizeof(*s));
}

/* A shard name is one plain file name: no separators, no dot files. */
static int good_name(const char *n) {
    if (!*n || *n == '.' || strlen(n) > 64)
        return 0;
    for (const char *p = n; *p; p++)
        if (*p == '/' || (unsigned char)*p <= ' ' || *p == '\\')
            return 0;
    return 1;
}

static int parse_line(sw_shards *s, char *line) {
    char name[128];
    long long a, h;
    unsigned count;
    char extra;
    if (sscanf(line, "shard %127s %c", name, &extra) == 1) {
        if (s->n == SW_SHARDS_MAX || !good_name(name))
            return 1;
        for (size_t i = 0; i < s->n; i++)
            if (strcmp(s->names[i], name) == 0)
                return 1;
        if (!(s->names[s->n] = strdup(name)))
            return SW_ENOMEM;
        s->n++;
        return 0;
    }
    if (sscanf(line, "epoch %lld %lld %u %c", &a, &h, &count, &extra) == 3) {
        if (s->nepochs == SW_SHARDS_MAX || a < 0 || h < 0 || count == 0 || count > SW_SHARDS_MAX)
            return 1;
        if (s->nepochs) {
            const sw_epoch *p = &s->epochs[s->nepochs - 1];
            if (a < p->from_a || h < p->from_h)
                return 1;
        } else if (a != 0 || h != 0) {
            return 1;
        }
        s->epochs[s->nepochs++] = (sw_epoch){a, h, count};
        return 0;
    }
    return 1;
}

int sw_shards_load(const char *dir, sw_shards *s, char **errmsg) {
    memset(s, 0, sizeof(*s));
    if (!(s->dir = strdup(dir)))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/shards", dir);
    /* Not through a link: the layout decides which folders a writer writes into. */
    int fd = p.oom ? -1 : open(sw_buf_str(&p), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
    int rc = 0;
    if (!f) {
        if (p.oom || (fd < 0 && errno == ENOENT))
            rc = p.oom ? SW_ENOMEM : set_default(s);
        else if (errno == ELOOP)
            rc = sw_error(errmsg, SW_EINDEX,
                          "the shard list '%s' is a symbolic link: refusing to follow it",
                          sw_buf_str(&p));
        else
            rc = sw_error(errmsg, SW_EIO, "unable to read '%s': %s", sw_buf_str(&p),
                          strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    s->recorded = 1;
    char line[512];
    size_t lineno = 0;
    while (!rc && fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        int r = parse_line(s, line);
        if (r == SW_ENOMEM)
            rc = r;
        else if (r) /* 1: not a line of the layout */
            rc = sw_error(errmsg, SW_EINDEX, "the shard list '%s' is damaged at line %zu",
                          sw_buf_str(&p), lineno);
    }
    if (!rc && ferror(f))
        rc = sw_error(errmsg, SW_EIO, "unable to read '%s'", sw_buf_str(&p));
    fclose(f);
    if (!rc && (s->n == 0 || s->nepochs == 0))
        rc = sw_error(errmsg, SW_EINDEX, "the shard list '%s' lists no %s", sw_buf_str(&p),
                      s->n ? "epoch" : "shard");
    for (size_t i = 0; !rc && i < s->nepochs; i++)
        if (s->epochs[i].count > s->n)
            rc = sw_error(errmsg, SW_EINDEX,
                          "the shard list '%s' spreads ids over %u shards but lists %zu",
                          sw_buf_str(&p), s->epochs[i].count, s->n);
out:
    if (rc == SW_ENOMEM)
        sw_error(errmsg, rc, "out of memory");
    sw_buf_release(&p);
    if (rc)
        sw_shards_release(s);
    return rc;
}

/*
 * Writes `text` to dir/name through a temporary file, fsync and rename. The temporary file is
 * new (O_EXCL, a name not in use), so a file or link planted in the folder is never written
 * through; rename then replaces dir/name itself, a link included, never its target.
 */
static int write_atomic(const char *dir, const char *name, const sw_buf *text, char **errmsg) {
    sw_buf p = SW_BUF_INIT, t = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/%s", dir, name);
    int rc = 0, fd = -1;
    if (p.oom) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    for (unsigned k = 0; fd < 0 && k < 100; k++) {
        sw_buf_reset(&t);
        sw_buf_addf(&t, "%s/.%s.%ld.%u.tmp", dir, name, (long)getpid(), k);
        if (t.oom) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            goto out;
        }
        fd = open(sw_buf_str(&t), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        rc = sw_error(errmsg, SW_EIO, "unable to write '%s': %s", sw_buf_str(&t), strerror(errno));
        goto out;
    }
    size_t off = 0;
    while (off < text->len) {
        ssize_t w = write(fd, text->data + off, text->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    int bad = off < text->len || fsync(fd) != 0;
    int err = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad || rename(sw_buf_str(&t), sw_buf_str(&p)) != 0) {
        if (!bad)
            err = errno;
        unlink(sw_buf_str(&t));
        rc = sw_error(errmsg, SW_EIO, "unable to write '%s': %s", sw_buf_str(&p), strerror(err));
    }
out:
    sw_buf_release(&p);
    sw_buf_release(&t);
    return rc;
}

int sw_shards_save(const sw_shards *s, char **errmsg) {
    sw_buf b = SW_BUF_INIT;
    sw_buf_adds(&b, "# souwen shards: the Xapian databases of this index and which holds each\n"
                    "# document (written by souwen-index; see core/shards.h)\n");
    for (size_t i = 0; i < s->n; i++)
        sw_buf_addf(&b, "shard %s\n", s->names[i]);
    for (size_t i = 0; i < s->nepochs; i++)
        sw_buf_addf(&b, "epoch %" PRId64 " %" PRId64 " %u\n", s->epochs[i].from_a,
                    s->epochs[i].from_h, s->epochs[i].count);
    int rc = b.oom ? sw_error(errmsg, SW_ENOMEM, "out of memory")
                   : write_atomic(s->dir, "shards", &b, errmsg);
    sw_buf_reset(&b);
    for (size_t i = 0; i < s->n; i++)
        sw_buf_addf(&b, "auto %s\n", s->names[i]);
    if (!rc)
        rc = b.oom ? sw_error(errmsg, SW_ENOMEM, "out of memory")
                   : write_atomic(s->dir, "xapian.stub", &b, errmsg);
    sw_buf_release(&b);
    return rc;
}

unsigned sw_shards_route(const sw_shards *s, char type, int64_t id) {
    const sw_epoch *e = &s->epochs[0];
    for (size_t i = 1; i < s->nepochs; i++) {
        int64_t from = type == 'a' || type == 'c' ? s->epochs[i].from_a : s->epochs[i].from_h;
        if (id >= from)
            e = &s->epochs[i];
    }
    return id < 0 ? 0 : (unsigned)((uint64_t)id % e->count);
}

unsigned sw_shards_width(const sw_shards *s) {
    unsigned w = 1;
    for (size_t i = 0; i < s->nepochs; i++)
        if (s->epochs[i].count > w)
            w = s->epochs[i].count;
    return w;
}

static int named(const sw_shards *s, const char *name) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

/* Adds a shard name in neither s, avoid (may be NULL) nor on disk. */
static int add_name(sw_shards *s, const sw_shards *avoid) {
    char name[32];
    for (unsigned k = 0;; k++) {
        if (k == 0)
            snprintf(name, sizeof(name), "xapian");
        else
            snprintf(name, sizeof(name), "xapian.%u", k);
        if (named(s, name) || (avoid && named(avoid, name)))
            continue;
        sw_buf p = SW_BUF_INIT;
        sw_buf_addf(&p, "%s/%s", s->dir, name);
        struct stat st;
        int taken = p.oom || lstat(sw_buf_str(&p), &st) == 0;
        sw_buf_release(&p);
        if (taken)
            continue;
        if (!(s->names[s->n] = strdup(name)))
            return SW_ENOMEM;
        s->n++;
        return 0;
    }
}

int sw_shards_grow(sw_shards *s, unsigned count, int64_t next_a, int64_t next_h, char **errmsg) {
    if (count == 0 || count > SW_SHARDS_MAX || s->nepochs == SW_SHARDS_MAX)
        return sw_error(errmsg, SW_EUSAGE, "an index has at most %d shards", SW_SHARDS_MAX);
    while (s->n < count)
        if (add_name(s, NULL))
            return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_epoch *last = &s->epochs[s->nepochs - 1];
    if (next_a < last->from_a)
        next_a = last->from_a;
    if (next_h < last->from_h)
        next_h = last->from_h;
    if (next_a == last->from_a && next_h == last->from_h)
        last->count = count; /* nothing was written in the last epoch yet */
    else
        s->epochs[s->nepochs++] = (sw_epoch){next_a, next_h, count};
    return 0;
}

int sw_shards_reset(sw_shards *s, unsigned count, int fresh, char **errmsg) {
    if (count == 0 || count > SW_SHARDS_MAX)
        return sw_error(errmsg, SW_EUSAGE, "an index has at most %d shards", SW_SHARDS_MAX);
    sw_shards old = *s;
    memset(s->names, 0, sizeof(s->names));
    s->n = 0;
    int rc = 0;
    for (unsigned i = 0; i < count && !rc; i++) {
        if (fresh) {
            rc = add_name(s, &old); /* the old shards stay until the new ones replace them */
        } else {
            char name[32];
            if (i == 0)
                snprintf(name, sizeof(name), "xapian");
            else
                snprintf(name, sizeof(name), "xapian.%u", i);
            rc = (s->names[s->n] = strdup(name)) ? 0 : SW_ENOMEM;
            s->n += !rc;
        }
    }
    for (size_t i = 0; i < old.n; i++)
        free(old.names[i]);
    if (rc)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    s->epochs[0] = (sw_epoch){0, 0, count};
    s->nepochs = 1;
    return 0;
}

int sw_shards_rename(sw_shards *s, char **errmsg) {
    sw_shards old = *s;
    memset(s->names, 0, sizeof(s->names));
    s->n = 0;
    int rc = 0;
    for (size_t i = 0; i < old.n && !rc; i++)
        rc = add_name(s, &old); /* the old shards stay until the new ones replace them */
    for (size_t i = 0; i < old.n; i++)
        free(old.names[i]);
    return rc ? sw_error(errmsg, SW_ENOMEM, "out of memory") : 0;
}

char *sw_shards_path(const sw_shards *s, size_t i) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/%s", s->dir, s->names[i]);
    if (p.oom) {
        sw_buf_release(&p);
        return NULL;
    }
    return sw_buf_detach(&p, NULL);
}

int sw_shards_paths(const char *dir, char **paths, size_t *n, size_t max, char **errmsg) {
    sw_shards sh;
    int rc = sw_shards_load(dir, &sh, errmsg);
    int loaded = !rc;
    if (!rc)
        rc = sw_shards_check(&sh, errmsg);
    for (size_t i = 0; !rc && i < sh.n; i++) {
        if (*n == max)
            rc = sw_error(errmsg, SW_EUSAGE, "more than %zu Xapian databases to open", max);
        else if (!(paths[*n] = sw_shards_path(&sh, i)))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        else
            (*n)++;
    }
    if (loaded)
        sw_shards_release(&sh);
    return rc;
}

int sw_shards_check(const sw_shards *s, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    struct stat st;
    int rc = 0;
    /*
     * The store is written after the first shard: with a store that has recorded anything (not
     * the empty file of a writer killed as it created it), a shard that is gone was lost.
     */
    sw_buf_addf(&p, "%s/souwen.sqlite", s->dir);
    int kept = s->recorded || (!p.oom && sw_store_present(sw_buf_str(&p)));
    for (size_t i = 0; i <= s->n && !rc; i++) {
        sw_buf_reset(&p);
        sw_buf_addf(&p, "%s/%s", s->dir, i < s->n ? s->names[i] : "xapian.stub");
        if (p.oom)
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        else if (lstat(sw_buf_str(&p), &st) != 0) {
            if (errno != ENOENT)
                rc = sw_error(errmsg, SW_EIO, "unable to open '%s': %s", sw_buf_str(&p),
                              strerror(errno));
            else if (i < s->n && kept)
                rc = sw_error(errmsg, SW_EINDEX,
                              "the shard '%s' is missing: 'souwen-index --rebuild' rebuilds the "
                              "search index from the store",
                              sw_buf_str(&p));
        } else if (S_ISLNK(st.st_mode)) {
            rc = sw_error(errmsg, SW_EINDEX, "'%s' is a symbolic link: refusing to follow it",
                          sw_buf_str(&p));
        } else if (i < s->n && !S_ISDIR(st.st_mode)) {
            rc = sw_error(errmsg, SW_EINDEX, "the shard '%s' is not a folder", sw_buf_str(&p));
        }
    }
    sw_buf_release(&p);
    return rc;
}
