/*
 * files — a zip archive written in memory (libzip over a buffer source):
 * what the DOCX writer (docgen/docx.c), the case file (casefile.c) and the
 * masked copies of packages (mask_pkg.c) share. Each caller adds its
 * entries to m.z and words its own errors from the codes below.
 */
#ifndef GONGKAI_FILES_ZIPMEM_H
#define GONGKAI_FILES_ZIPMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "base/base.h"

struct zipmem {
    zip_source_t *src;
    zip_t *z;                   /* add entries here between open and finish */
};

enum zipmem_result { ZIPMEM_OK, ZIPMEM_WRITE, ZIPMEM_READ };

/* Opens a new empty archive (data NULL), or one to rewrite from data[0..n),
 * which it takes (malloc'ed; freed here on failure too). Returns 0, or -1
 * with libzip's reason in why (at most cap bytes); nothing is held then. */
int zipmem_open(struct zipmem *m, void *data, size_t n, char *why, size_t cap);
/* Closes the archive (discards it when failed) and reads the bytes written
 * into out (reset first). Returns ZIPMEM_OK; ZIPMEM_WRITE when it could not
 * be written (libzip's reason in why); ZIPMEM_READ when the bytes could not
 * be read back; ZIPMEM_WRITE without a reason when failed. m holds nothing after. */
enum zipmem_result zipmem_finish(struct zipmem *m, bool failed, buf *out, char *why, size_t cap);

#endif
