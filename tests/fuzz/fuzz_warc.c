/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_warc.c - libFuzzer harness for the WARC reader.
 *
 * The reader takes a file, so the bytes go to a memory file (memfd) read
 * through /proc/self/fd. Every record must be reported (page, skipped, or a
 * parse error with a message) and the reader must reach the end: a corrupt
 * record is skipped, never looped on.
 */
#include "error.h"
#include "warc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz.warc", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    sw_warc *w = NULL;
    char *err = NULL;
    if (sw_warc_open(path, "fuzz.warc", &w, &err) == 0) {
        sw_warc_record rec;
        size_t steps = 0;
        for (;;) {
            int rc = sw_warc_next(w, &rec, &err);
            if (rc == 0)
                break;
            if (rc < 0 && !err)
                abort(); /* every error says why */
            if (rc == 1 && rec.kind == SW_WARC_PAGE && rec.body_len && !rec.body)
                abort();
            if (rc != 1 && rc != SW_EPARSE)
                break;
            free(err);
            err = NULL;
            /*
             * Far more records than bytes: the reader is not moving on. (A gzip member
             * inflates: a few hundred bytes can hold hundreds of short broken records.)
             */
            if (++steps > 128 * size + 16)
                abort();
        }
        sw_warc_close(w);
    }
    free(err);
    close(fd);
    return 0;
}
