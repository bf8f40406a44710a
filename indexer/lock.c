/*
 * lock.c - the writer's lock on an index folder (see lock.h).
 *
 * flock(2) rather than fcntl(2) locks: an flock belongs to the open file
 * description, so no other descriptor of this process (SQLite and Xapian
 * open and close files of the folder freely) can drop it by accident. The
 * pid is written after the lock is taken, so a writer that loses the race
 * may read an empty file or the pid of a writer gone since; it then says
 * "another process".
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

int sw_lock_take(const char *dir, int *fd, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/lock", dir);
    if (p.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int rc = 0;
    int f = open(sw_buf_str(&p), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (f < 0) {
        rc = sw_error(errmsg, SW_EIO, "unable to open the lock file '%s': %s", sw_buf_str(&p),
                      strerror(errno));
        goto out;
    }
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
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

void sw_lock_release(int fd) {
    if (fd < 0)
        return;
    /* The pid stays in the file: without the flock it means nothing. */
    close(fd);
}

int sw_lock_existing(const char *dir, int *fd, sw_buf *store_path, char **errmsg) {
    struct stat st;
    *fd = -1;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sw_error(errmsg, SW_ENOTFOUND, "no index at '%s'", dir);
    int rc = sw_lock_take(dir, fd, errmsg);
    if (rc)
        return rc;
    sw_buf_reset(store_path);
    sw_buf_addf(store_path, "%s/souwen.sqlite", dir);
    if (store_path->oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (stat(sw_buf_str(store_path), &st) != 0)
        return sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen index (no souwen.sqlite)",
                        dir);
    return 0;
}
