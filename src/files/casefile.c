/*
 * files — the case file of an application (casefile.h): entries packed in a
 * ZIP with manifest.csv (RFC 4180, UTF-8, CRLF), and read back within
 * named limits, checking every entry against the manifest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "files/casefile.h"
#include "files/zipmem.h"
#include "publish/publish.h"

#define MANIFEST "manifest.csv"

void casefile_init(struct casefile *cf) { memset(cf, 0, sizeof *cf); }

void casefile_free(struct casefile *cf)
{
    for (size_t i = 0; i < cf->n; i++) {
        free(cf->v[i].name);
        free(cf->v[i].kind);
        free(cf->v[i].data);
    }
    for (size_t i = 0; i < cf->nsteps; i++) {
        free(cf->steps[i].date);
        free(cf->steps[i].event);
        free(cf->steps[i].actor);
        free(cf->steps[i].summary);
    }
    free(cf->v);
    free(cf->steps);
    memset(cf, 0, sizeof *cf);
}

static char *dup(const char *s) { return xstrdup(s ? s : ""); }

void casefile_add(struct casefile *cf, const char *name, const char *kind, const void *data, size_t len)
{
    if (cf->n == cf->cap) {
        cf->cap = cf->cap ? 2 * cf->cap : 8;
        cf->v = xrealloc(cf->v, cf->cap * sizeof *cf->v);
    }
    struct casefile_entry *x = &cf->v[cf->n++];
    x->name = dup(name);
    x->kind = dup(kind);
    x->data = xmalloc(len ? len : 1);
    if (len)
        memcpy(x->data, data, len);
    x->len = len;
}

void casefile_step(struct casefile *cf, const char *date, const char *event, const char *actor, const char *summary)
{
    if (cf->nsteps == cf->capsteps) {
        cf->capsteps = cf->capsteps ? 2 * cf->capsteps : 16;
        cf->steps = xrealloc(cf->steps, cf->capsteps * sizeof *cf->steps);
    }
    struct casefile_step *s = &cf->steps[cf->nsteps++];
    s->date = dup(date);
    s->event = dup(event);
    s->actor = dup(actor);
    s->summary = dup(summary);
}

static void cell(buf *b, const char *s, bool last)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_puts(b, last ? "\"\r\n" : "\",");
}

static void manifest(const struct casefile *cf, buf *b)
{
    buf_puts(b, "kind,name,date,event,actor,bytes,sha256,summary\r\n");
    for (size_t i = 0; i < cf->n; i++) {
        char sha[65], n[32];
        doc_content_hash(cf->v[i].data, cf->v[i].len, sha);
        snprintf(n, sizeof n, "%zu", cf->v[i].len);
        const char *row[] = {cf->v[i].kind, cf->v[i].name, "", "", "", n, sha, ""};
        for (int k = 0; k < 8; k++)
            cell(b, row[k], k == 7);
    }
    for (size_t i = 0; i < cf->nsteps; i++) {
        const struct casefile_step *s = &cf->steps[i];
        const char *row[] = {"step", "", s->date, s->event, s->actor, "", "", s->summary};
        for (int k = 0; k < 8; k++)
            cell(b, row[k], k == 7);
    }
}

/* A name an archive can unpack anywhere: relative, no "..", no backslash,
 * no control characters, valid UTF-8. */
static bool safe_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 1000 || s[0] == '/' || !utf8_valid(s, n, NULL) || strstr(s, "..") || strchr(s, '\\'))
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

static int add_entry(zip_t *z, const char *name, const void *data, size_t len, err *e)
{
    void *copy = xmalloc(len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    zip_source_t *s = zip_source_buffer(z, copy, (zip_uint64_t)len, 1);
    if (!s) {
        free(copy);
        return err_set(e, GK_EIO, name, "the case file cannot take this entry (%s)", zip_strerror(z));
    }
    if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return err_set(e, GK_EIO, name, "the case file cannot take this entry (%s)", zip_strerror(z));
    }
    return 0;
}

static int check_entries(const struct casefile *cf, err *e)
{
    if (cf->n + 1 > CASEFILE_MAX_ENTRIES)
        return err_set(e, GK_EINVAL, "casefile", "%zu entries: a case file holds at most %d", cf->n,
                       CASEFILE_MAX_ENTRIES - 1);
    for (size_t i = 0; i < cf->n; i++) {
        if (!safe_name(cf->v[i].name) || strcmp(cf->v[i].name, MANIFEST) == 0)
            return err_set(e, GK_EINVAL, cf->v[i].name, "not a name an entry of a case file may have");
        for (size_t k = 0; k < i; k++)
            if (strcmp(cf->v[i].name, cf->v[k].name) == 0)
                return err_set(e, GK_EINVAL, cf->v[i].name, "two entries of the case file have this name");
    }
    return 0;
}

int casefile_zip(const struct casefile *cf, buf *out, err *e)
{
    int rc = check_entries(cf, e);
    if (rc)
        return rc;
    struct zipmem zm;
    char why[160];
    if (zipmem_open(&zm, NULL, 0, why, sizeof why))
        return err_set(e, GK_EIO, "casefile", "cannot start the ZIP (%s)", why);
    zip_t *z = zm.z;
    for (size_t i = 0; !rc && i < cf->n; i++)
        rc = add_entry(z, cf->v[i].name, cf->v[i].data, cf->v[i].len, e);
    buf m;
    buf_init(&m);
    manifest(cf, &m);
    if (!rc)
        rc = add_entry(z, MANIFEST, m.data, m.len, e);
    buf_free(&m);
    enum zipmem_result k = zipmem_finish(&zm, rc != 0, out, why, sizeof why);
    if (rc)
        return rc;
    if (k == ZIPMEM_WRITE)
        return err_set(e, GK_EIO, "casefile", "the ZIP cannot be written (%s)", why);
    if (k == ZIPMEM_READ)
        return err_set(e, GK_EIO, "casefile", "the ZIP written cannot be read back");
    return 0;
}

/* ---- reading back ---- */

static int read_entry(zip_t *z, zip_uint64_t i, buf *out, size_t *total, err *e)
{
    zip_stat_t st;
    const char *name = zip_get_name(z, i, 0);
    if (!name || zip_stat_index(z, i, 0, &st) != 0)
        return err_set(e, GK_EINVAL, "casefile", "entry %llu cannot be read", (unsigned long long)i);
    if (st.size > CASEFILE_MAX_BYTES - *total)
        return err_set(e, GK_EINVAL, name, "the case file is over %u bytes inflated", CASEFILE_MAX_BYTES);
    if (st.size > CASEFILE_RATIO_FROM && st.size / (st.comp_size ? st.comp_size : 1) > CASEFILE_MAX_RATIO)
        return err_set(e, GK_EINVAL, name, "inflates %llu bytes from %llu: more than %d times (a bomb?)",
                       (unsigned long long)st.size, (unsigned long long)st.comp_size, CASEFILE_MAX_RATIO);
    zip_file_t *f = zip_fopen_index(z, i, 0);
    if (!f)
        return err_set(e, GK_EINVAL, name, "cannot be opened (%s)", zip_strerror(z));
    buf_reset(out);
    buf_reserve(out, st.size + 1);
    zip_int64_t got = zip_fread(f, out->data, st.size);
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size)
        return err_set(e, GK_EINVAL, name, "is damaged (read %lld of %llu bytes)", (long long)got,
                       (unsigned long long)st.size);
    out->len = st.size;
    out->data[out->len] = 0;
    *total += st.size;
    return 0;
}

struct mrow { struct casefile *cf; struct casefile *entries; int bad; char why[256]; };

static void manifest_row(void *arg, int line, char **f, int n)
{
    struct mrow *x = arg;
    if (line == 1 || x->bad)
        return;
    if (n != 8) {
        x->bad = line;
        snprintf(x->why, sizeof x->why, "%d fields, not 8", n);
        return;
    }
    if (strcmp(f[0], "step") == 0) {
        casefile_step(x->cf, f[2], f[3], f[4], f[7]);
        return;
    }
    for (size_t i = 0; i < x->entries->n; i++) {
        struct casefile_entry *en = &x->entries->v[i];
        if (strcmp(en->name, f[1]) != 0)
            continue;
        char sha[65], len[32];
        doc_content_hash(en->data, en->len, sha);
        snprintf(len, sizeof len, "%zu", en->len);
        if (strcmp(len, f[5]) != 0 || strcmp(sha, f[6]) != 0) {
            x->bad = line;
            snprintf(x->why, sizeof x->why, "%s does not match its size or SHA-256", f[1]);
            return;
        }
        casefile_add(x->cf, en->name, f[0], en->data, en->len);
        return;
    }
    x->bad = line;
    snprintf(x->why, sizeof x->why, "%s is listed but not in the ZIP", f[1]);
}

static void manifest_bad(void *arg, int line, const char *reason)
{
    struct mrow *x = arg;
    if (!x->bad) {
        x->bad = line;
        snprintf(x->why, sizeof x->why, "%s", reason);
    }
}

int casefile_read(const void *data, size_t n, struct casefile *cf, err *e)
{
    if (n > CASEFILE_MAX_BYTES)
        return err_set(e, GK_EINVAL, "casefile", "%zu bytes: over the limit of %u", n, CASEFILE_MAX_BYTES);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) {
        int rc = err_set(e, GK_EINVAL, "casefile", "not a ZIP (%s)", zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t count = zip_get_num_entries(z, 0);
    int rc = 0;
    if (count < 1 || count > CASEFILE_MAX_ENTRIES)
        rc = err_set(e, GK_EINVAL, "casefile", "%lld entries: a case file has 1 to %d", (long long)count,
                     CASEFILE_MAX_ENTRIES);
    struct casefile all;
    casefile_init(&all);
    buf b, man;
    buf_init(&b);
    buf_init(&man);
    size_t total = 0;
    for (zip_int64_t i = 0; !rc && i < count; i++) {
        if ((rc = read_entry(z, (zip_uint64_t)i, &b, &total, e)))
            break;
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (strcmp(name, MANIFEST) == 0)
            buf_append(&man, b.data, b.len);
        else
            casefile_add(&all, name, "", b.data, b.len);
    }
    if (!rc && !man.len)
        rc = err_set(e, GK_EINVAL, MANIFEST, "the case file has no manifest");
    if (!rc) {
        struct mrow x = {cf, &all, 0, ""};
        struct doc_csv_cb cb = {manifest_row, manifest_bad, &x};
        doc_csv_parse(man.data, man.len, &cb);
        if (x.bad)
            rc = err_set(e, GK_EINVAL, MANIFEST, "line %d: %s", x.bad, x.why);
        else if (cf->n != all.n)
            rc = err_set(e, GK_EINVAL, MANIFEST, "lists %zu entries; the ZIP holds %zu besides it", cf->n, all.n);
    }
    buf_free(&b);
    buf_free(&man);
    casefile_free(&all);
    zip_close(z);
    return rc;
}
