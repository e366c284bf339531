/*
 * web — copy packages for the archive and the library built from the store
 * (issue 18 item 4), shared by 'gongkai archive package' and the console:
 * the documents a package holds (store_archive_package_docs), each with its
 * text, attachments and last day under the agency's rule, written by
 * publish/channel.c:arch_package_write. Also the documents that wait for a
 * package (web_archive_waiting), and a gazette issue's contents
 * (web_channel_issue_csv).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/channel.h"
#include "web/web.h"

struct pkg_doc {
    struct doc d;
    buf *files;
    char **names;
    size_t nfiles;
};

static int load_doc(store_t *st, int64_t agency_id, int64_t id, struct pkg_doc *p, struct arch_doc *a, err *e)
{
    struct store_doc_attachment *at = NULL;
    size_t na = 0;
    if (store_doc_get(st, agency_id, id, &p->d, e) || store_doc_attachments(st, id, &at, &na, e))
        return -1;
    p->files = xcalloc(na ? na : 1, sizeof *p->files);
    p->names = xcalloc(na ? na : 1, sizeof *p->names);
    p->nfiles = na;
    int rc = 0;
    for (size_t i = 0; i < na; i++) {
        p->names[i] = xstrdup(at[i].name);
        if (!rc && store_doc_blob(st, at[i].sha256, &p->files[i], e))
            rc = -1;
    }
    free(at);
    const struct doc *d = &p->d;
    *a = (struct arch_doc){.id = d->id, .index_no = d->index_no, .title = d->title, .docno = d->docno,
                           .issuer = d->issuer, .category = d->category, .genre = d->genre, .body = d->body,
                           .written = d->written, .published = d->published, .item = d->item, .nfiles = na,
                           .file_names = (const char *const *)p->names, .files = p->files};
    return rc;
}

static void pkg_doc_free(struct pkg_doc *p)
{
    for (size_t f = 0; f < p->nfiles; f++) {
        buf_free(&p->files[f]);
        free(p->names[f]);
    }
    free(p->files);
    free(p->names);
    doc_clear(&p->d);
}

int web_archive_package_write(store_t *st, const struct store_agency *ag, const cal_t *cal, int64_t pid,
                              const char *path, err *e)
{
    struct store_arch_package p;
    int64_t *ids = NULL;
    size_t n = 0;
    int workdays;
    char from[11];
    int rc = store_archive_package_get(st, ag->id, pid, &p, e);
    if (!rc)
        rc = web_archive_rule(st, ag->id, &workdays, from, e);
    if (!rc)
        rc = store_archive_package_docs(st, ag->id, pid, &ids, &n, e);
    if (rc)
        return rc;
    struct pkg_doc *docs = xcalloc(n ? n : 1, sizeof *docs);
    struct arch_doc *ad = xcalloc(n ? n : 1, sizeof *ad);
    size_t loaded = 0;
    for (; !rc && loaded < n; loaded++) {
        doc_init(&docs[loaded].d);
        if (load_doc(st, ag->id, ids[loaded], &docs[loaded], &ad[loaded], e) ||
            arch_due(cal, ad[loaded].published, workdays, &ad[loaded].due, e))
            rc = e->code ? e->code : GK_EIO;
    }
    if (!rc)
        rc = arch_package_write(path, ad, n, ag->name, (enum arch_recipient)p.recipient, pid, p.created_at, e);
    for (size_t i = 0; i < loaded; i++)
        pkg_doc_free(&docs[i]);
    free(docs);
    free(ad);
    free(ids);
    return rc;
}

struct waiting { int64_t *ids; size_t n, cap; bool unpackaged; };

static int take(const struct store_arch_pending *p, void *arg)
{
    struct waiting *w = arg;
    if (w->unpackaged && p->package_id)
        return 0;   /* in a package not delivered yet */
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 32;
        w->ids = xrealloc(w->ids, w->cap * sizeof *w->ids);
    }
    w->ids[w->n++] = p->doc_id;
    return 0;
}

int web_archive_waiting(store_t *st, int64_t agency_id, int recipient, bool unpackaged, int64_t **ids, size_t *n,
                        err *e)
{
    int workdays;
    char from[11];
    struct waiting w = {.unpackaged = unpackaged};
    int rc = web_archive_rule(st, agency_id, &workdays, from, e);
    if (!rc)
        rc = store_archive_pending(st, agency_id, recipient, from, take, &w, e);
    *ids = w.ids;
    *n = w.n;
    return rc;
}

struct issue_rows { struct chan_issue_row *v; char (*s)[4][1024]; size_t n, cap; };

static int add_issue_row(const struct store_channel_sent *x, void *arg)
{
    struct issue_rows *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
        l->s = xrealloc(l->s, l->cap * sizeof *l->s);
    }
    const char *const from[4] = {x->title, x->docno, x->issuer, x->index_no};
    for (int k = 0; k < 4; k++)
        snprintf(l->s[l->n][k], 1024, "%s", from[k]);
    gk_day w = DOC_NODAY, p = DOC_NODAY;
    if (*x->written)
        date_parse(x->written, &w, NULL);
    if (*x->published)
        date_parse(x->published, &p, NULL);
    l->v[l->n] = (struct chan_issue_row){NULL, NULL, NULL, NULL, w, p};
    l->n++;
    return 0;
}

int web_channel_issue_csv(store_t *st, int64_t agency_id, int64_t channel_id, const char *ref, buf *out, size_t *n,
                          err *e)
{
    struct store_send_filter f = {.agency_id = agency_id, .channel_id = channel_id, .reference = ref};
    struct issue_rows l = {0};
    int rc = store_channel_sends(st, &f, add_issue_row, &l, e);
    if (!rc) {
        for (size_t i = 0; i < l.n; i++)
            l.v[i].title = l.s[i][0], l.v[i].docno = l.s[i][1], l.v[i].issuer = l.s[i][2], l.v[i].index_no = l.s[i][3];
        chan_issue_csv(l.v, l.n, out);
        *n = l.n;
    }
    free(l.v);
    free(l.s);
    return rc;
}
