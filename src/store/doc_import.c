/* store — documents: the catalogue import, all rows or none, as a whole file
 * or as a stream read row by row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "store/doc_internal.h"

/* ---- the catalogue import ---- */

/* An interpretation written without its policy: found once every row is in. */
struct import_pending { int64_t id; int line; char ref[192]; };

struct store_doc_importer {
    store_t *s;
    int64_t agency_id;
    char actor[128];
    struct doc_import *im;
    doc_words *words;
    int64_t *ids;               /* the documents written, in order (ids grow) */
    size_t nids;
    struct import_pending *pending;
    size_t npending;
    int *taken_lines;           /* rows whose index number the store has already */
    size_t ntaken;
    int hits;
    bool failed;                /* a row could not be written: the rest are not tried */
    int failed_line;            /* its line */
};

static void importer_free(struct store_doc_importer *x)
{
    doc_words_free(x->words);
    free(x->ids);
    free(x->pending);
    free(x->taken_lines);
    free(x);
}

/* The errors in line order (a row's own stay in the order found). */
static void import_sort_errors(struct doc_import *im)
{
    for (size_t i = 1; i < im->nerrors; i++) {
        struct doc_import_error x = im->errors[i];
        size_t j = i;
        while (j > 0 && im->errors[j - 1].line > x.line) {
            im->errors[j] = im->errors[j - 1];
            j--;
        }
        im->errors[j] = x;
    }
}

int store_doc_import_begin(store_t *s, int64_t agency_id, const char *actor, struct doc_import *im,
                           struct store_doc_importer **out, err *e)
{
    *out = NULL;
    struct store_agency ag;
    int rc = store_agency_by_id(s, agency_id, &ag, e);
    if (rc || (rc = store_begin(s, e)))
        return rc;
    struct store_doc_importer *x = xcalloc(1, sizeof *x);
    x->s = s;
    x->agency_id = agency_id;
    x->im = im;
    snprintf(x->actor, sizeof x->actor, "%s", actor ? actor : "");
    /* what the file cannot know: index numbers taken; serials continue after
     * the numbers the file brings */
    for (size_t i = 0; i < im->ngiven && !rc; i++) {
        const struct doc_import_given *g = &im->given[i];
        bool taken;
        if ((rc = store_doc_index_taken(s, agency_id, g->index_no, &taken, e)))
            break;
        if (taken) {
            doc_import_add_error(im, g->line, "index_no: %s is the index number of a document in the database already",
                                 g->index_no);
            x->taken_lines = xrealloc(x->taken_lines, (x->ntaken + 1) * sizeof *x->taken_lines);
            x->taken_lines[x->ntaken++] = g->line;
        }
        int y;
        int64_t sn;
        if (doc_index_parse(ag.index_pattern, ag.org_code, g->index_no, &y, &sn))
            rc = store_doc_serial_at_least(s, agency_id, y, sn, e);
    }
    if (!rc)
        rc = store_doc_words(s, agency_id, &x->words, e);
    if (!rc)
        rc = store_doc_index_bulk_begin(s, agency_id, e);
    if (rc) {
        store_doc_index_bulk_abort(s);
        store_rollback(s);
        importer_free(x);
        return rc;
    }
    *out = x;
    return 0;
}

int store_doc_import_add(struct store_doc_importer *x, struct doc_import_row *r, err *e)
{
    if (x->failed)
        return 0;
    for (size_t i = 0; i < x->ntaken; i++)
        if (x->taken_lines[i] == r->line)
            return 0;   /* reported by begin; the other rows go on being checked */
    struct doc *d = &r->d;
    d->agency_id = x->agency_id;
    d->interprets = 0;   /* found by store_doc_import_end */
    int found = 0;
    int rc = store_doc_add_one(x->s, d, x->actor, "import", x->words, &found, e);
    if (rc) {
        char why[600];
        snprintf(why, sizeof why, "%s", e->msg);
        doc_import_add_error(x->im, r->line, "%s", why);
        x->failed = true;
        x->failed_line = r->line;
        return err_set(e, GK_EINVAL, "import", "line %d: %s: nothing was imported", r->line, why);
    }
    x->hits += found;
    if ((x->nids & (x->nids - 1)) == 0)
        x->ids = xrealloc(x->ids, (x->nids ? x->nids * 2 : 64) * sizeof *x->ids);
    x->ids[x->nids++] = d->id;
    if (r->interprets_ref[0]) {
        if ((x->npending & (x->npending - 1)) == 0)
            x->pending = xrealloc(x->pending, (x->npending ? x->npending * 2 : 16) * sizeof *x->pending);
        struct import_pending *p = &x->pending[x->npending++];
        p->id = d->id;
        p->line = r->line;
        snprintf(p->ref, sizeof p->ref, "%s", r->interprets_ref);
    }
    return 0;
}

static bool imported(const struct store_doc_importer *x, int64_t id)
{
    size_t lo = 0, hi = x->nids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nids && x->ids[lo] == id;
}

/* The policy an interpretation names: a row of the file first, else a
 * document the agency had already; 0 when neither. */
static int pending_policy(struct store_doc_importer *x, const struct import_pending *p, int64_t *policy, err *e)
{
    *policy = 0;
    struct doc_docno dn;
    bool as_docno = doc_docno_parse(p->ref, &dn, NULL) == 0;
    db_stmt *st;
    int rc = db_prepare(x->s->db,
                        as_docno ? "SELECT id FROM doc WHERE agency_id = ? AND docno = ? ORDER BY id"
                                 : "SELECT id FROM doc WHERE agency_id = ? AND index_no = ? ORDER BY id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, x->agency_id);
    db_bind_text(st, 2, as_docno ? dn.canonical : p->ref);
    int64_t before = 0, in_file = 0;
    while ((rc = db_step(st, e)) == 1 && !in_file) {
        int64_t id = db_col_int(st, 0);
        if (id == p->id)
            continue;
        if (imported(x, id))
            in_file = id;
        else if (!before)
            before = id;
    }
    if (rc < 0) {
        db_finalize(st);
        return rc;
    }
    db_finalize(st);
    *policy = in_file ? in_file : before;
    return 0;
}

/* Every interpretation gets its policy; each one not found is a problem. */
static int import_link(struct store_doc_importer *x, err *e)
{
    int rc = 0;
    for (size_t i = 0; i < x->npending && !rc; i++) {
        const struct import_pending *p = &x->pending[i];
        struct doc d;
        doc_init(&d);
        d.id = p->id;
        d.agency_id = x->agency_id;
        snprintf(d.genre, sizeof d.genre, "%s", DOC_GENRE_INTERPRETATION);   /* doc_import_parse made it so */
        if ((rc = pending_policy(x, p, &d.interprets, e)))
            break;
        if (!d.interprets) {
            doc_import_add_error(x->im, p->line,
                                 "interprets: no document with index number or 文号 '%s' in the file or the database",
                                 p->ref);
            continue;
        }
        if ((rc = store_doc_check_interprets(x->s, &d, e)) == 0)
            rc = db_run(x->s->db, e, NULL, "UPDATE doc SET interprets = ? WHERE id = ?", "ii", d.interprets, d.id);
        else if (rc == GK_EINVAL) {
            doc_import_add_error(x->im, p->line, "%s", e->msg);
            rc = 0;
        }
    }
    return rc;
}

/* The reason recorded for a row that could not be written. */
static const char *failed_why(const struct doc_import *im, int line)
{
    for (size_t i = im->nerrors; i-- > 0;)
        if (im->errors[i].line == line)
            return im->errors[i].msg;
    return "could not be written";
}

int store_doc_import_end(struct store_doc_importer *x, bool keep, struct store_doc_import_result *res, err *e)
{
    store_t *s = x->s;
    struct doc_import *im = x->im;
    if (res)
        memset(res, 0, sizeof *res);
    int rc = 0;
    if (!keep)
        rc = err_set(e, GK_EINVAL, "import", "the import stopped: nothing was imported");
    else if (!x->failed)
        rc = import_link(x, e);
    import_sort_errors(im);
    if (!rc && x->failed)
        rc = err_set(e, GK_EINVAL, "import", "line %d: %s: nothing was imported", x->failed_line,
                     failed_why(im, x->failed_line));
    else if (!rc && im->nerrors) {
        rc = err_set(e, GK_EINVAL, "import", "%zu problem%s: nothing was imported", im->nerrors,
                     im->nerrors == 1 ? "" : "s");
    }
    if (!rc)
        rc = store_doc_index_bulk_end(s, e);
    if (!rc)
        rc = store_commit(s, e);
    else {
        store_doc_index_bulk_abort(s);
        store_rollback(s);
    }
    if (!rc && res) {
        res->count = x->nids;
        res->first = x->nids ? x->ids[0] : 0;
        res->last = x->nids ? x->ids[x->nids - 1] : 0;
        res->hits = x->hits;
    }
    importer_free(x);
    return rc;
}

int store_doc_import(store_t *s, int64_t agency_id, struct doc_import *im, const char *actor, int *nhits,
                     err *e)
{
    if (nhits)
        *nhits = 0;
    struct store_doc_importer *x;
    int rc = store_doc_import_begin(s, agency_id, actor, im, &x, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < im->nrows && !rc; i++) {
        if (i % 256 == 0 || i + 1 == im->nrows)
            gk_progress_report(im->progress, "导入", (int64_t)i + 1, (int64_t)im->nrows);
        rc = store_doc_import_add(x, &im->rows[i], e);
    }
    struct store_doc_import_result res;
    int end = store_doc_import_end(x, true, &res, e);   /* a row that failed is in im's errors */
    if (end) {
        for (size_t i = 0; i < im->nrows; i++)
            im->rows[i].d.id = 0;
        return end;
    }
    if (nhits)
        *nhits = res.hits;
    return 0;
}
