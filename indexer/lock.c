/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock.c - the writer's lock on an index folder (see lock.h).
 *
 * flock(2) rather than fcntl(2) locks: an flock belongs to the open file
 * description, so no other descriptor of this process (SQLite and Xapian
 * open and close files of the folder freely) can drop it by accident. The
 * pid is written after the lock is taken, so a writer that loses the race
 * may read an empty file or the pid of a writer gone since; it then says
 * "another process". The file is opened with O_NOFOLLOW: a link planted in
 * its place is refused, never written through.
 */
#include "lock.h"

#include "buf.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The lock of `dir`, exclusive (a writer: creates the file and writes its pid) or shared. */
static int take(const char *dir, int shared, int *fd, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    *fd = -1;
    sw_buf_addf(&p, "%s/lock", dir);
    if (p.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int rc = 0;
    /* Not through a link: the pid would overwrite whatever file it points to. */
    int f =
        open(sw_buf_str(&p), (shared ? O_RDONLY : O_RDWR | O_CREAT) | O_NOFOLLOW | O_CLOEXEC, 0644);
    struct stat st;
    if (f < 0 && shared && (errno == ENOENT || errno == EACCES)) {
        /* Nothing to lock (no writer ever ran), or a folder we may only read: no lock. */
        goto out;
    }
    if (f < 0 && errno == ELOOP) {
        rc = sw_error(errmsg, SW_EINDEX,
                      "the lock file '%s' is a symbolic link: refusing to "
                      "follow it",
                      sw_buf_str(&p));
        goto out;
    }
    if (f < 0 || fstat(f, &st) != 0) {
        rc = sw_error(errmsg, SW_EIO, "unable to open the lock file '%s': %s", sw_buf_str(&p),
                      strerror(errno));
        if (f >= 0)
            close(f);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc =
            sw_error(errmsg, SW_EINDEX, "the lock file '%s' is not a regular file", sw_buf_str(&p));
        close(f);
        goto out;
    }
    if (flock(f, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            rc = sw_error(errmsg, SW_EIO, "unable to lock '%s': %s", sw_buf_str(&p),
                          strerror(errno));
        } else {
            char pid[32] = "";
            ssize_t n = pread(f, pid, sizeof(pid) - 1, 0);
            pid[n > 0 ? n : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
            /* The holder may not have written its pid yet: a dead pid is a former writer's. */
            char *end;
            long holder = strtol(pid, &end, 10);
            if (pid[0] && !*end && holder > 0 && (kill((pid_t)holder, 0) == 0 || errno == EPERM))
                rc = sw_error(errmsg, SW_ELOCKED,
                              "index '%s' is locked by pid %s (another souwen-index is writing it)",
                              dir, pid);
            else
                rc = sw_error(errmsg, SW_ELOCKED,
                              "index '%s' is locked by another process (another souwen-index is "
                              "writing it)",
                              dir);
        }
        close(f);
        goto out;
    }
    if (shared) {
        *fd = f;
        goto out;
    }
    char pid[32];
    int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(f, 0) != 0 || pwrite(f, pid, (size_t)n, 0) != n) {
        rc = sw_error(errmsg, SW_EIO, "unable to write the lock file '%s': %s", sw_buf_str(&p),
                      strerror(errno));
        close(f);
        goto out;
    }
    *fd = f;
out:
    sw_buf_release(&p);
    return rc;
}

int sw_lock_take(const char *dir, int *fd, char **errmsg) { return take(dir, 0, fd, errmsg); }

int sw_lock_shared(const char *dir, int *fd, char **errmsg) { return take(dir, 1, fd, errmsg); }

void sw_lock_release(int fd) {
    if (fd < 0)
        return;
    /* The pid stays in the file: without the flock it means nothing. */
    close(fd);
}

int sw_lock_existing(const char *dir, int shared, int *fd, sw_buf *store_path, char **errmsg) {
    struct stat st;
    *fd = -1;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sw_error(errmsg, SW_ENOTFOUND, "no index at '%s'", dir);
    int rc = take(dir, shared, fd, errmsg);
    if (rc)
        return rc;
    sw_buf_reset(store_path);
    sw_buf_addf(store_path, "%s/souwen.sqlite", dir);
    if (store_path->oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (stat(sw_buf_str(store_path), &st) != 0)
        return sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen index (no souwen.sqlite)", dir);
    return 0;
}
