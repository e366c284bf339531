/*
 * files — a zip archive written in memory (zipmem.h): libzip's buffer
 * source kept past zip_close, so that the archive can be read back.
 */
#include <stdio.h>
#include <stdlib.h>

#include "files/zipmem.h"

int zipmem_open(struct zipmem *m, void *data, size_t n, char *why, size_t cap)
{
    zip_error_t ze;
    zip_error_init(&ze);
    m->src = zip_source_buffer_create(data, data ? n : 0, data != NULL, &ze);
    m->z = m->src ? zip_open_from_source(m->src, data ? 0 : ZIP_TRUNCATE, &ze) : NULL;
    if (!m->z) {
        snprintf(why, cap, "%s", zip_error_strerror(&ze));
        if (m->src)
            zip_source_free(m->src);
        else
            free(data);
        zip_error_fini(&ze);
        m->src = NULL;
        return -1;
    }
    zip_error_fini(&ze);
    zip_source_keep(m->src);
    return 0;
}

enum zipmem_result zipmem_finish(struct zipmem *m, bool failed, buf *out, char *why, size_t cap)
{
    if (why && cap)
        why[0] = 0;
    if (failed || zip_close(m->z) != 0) {
        if (!failed)
            snprintf(why, cap, "%s", zip_strerror(m->z));
        zip_discard(m->z);
        zip_source_free(m->src);
        return ZIPMEM_WRITE;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(m->src, &st) != 0 || zip_source_open(m->src) != 0) {
        zip_source_free(m->src);
        return ZIPMEM_READ;
    }
    buf_reset(out);
    buf_reserve(out, (size_t)st.size + 1);
    zip_int64_t got = zip_source_read(m->src, out->data, st.size);
    zip_source_close(m->src);
    zip_source_free(m->src);
    if (got < 0 || (zip_uint64_t)got != st.size)
        return ZIPMEM_READ;
    out->len = (size_t)got;
    out->data[out->len] = 0;
    return ZIPMEM_OK;
}
