/*
 * report — reading report JSON v1 (docs/domain.md §5) back into the model.
 *
 * Strict about what it accepts, because the JSON is a contract: the schema
 * must be "gongkai.report/1", every key must be one the contract names (a
 * misspelt key would otherwise silently read as "not given"), every value
 * must have its type, and numbers must be plausible (|v| ≤ 10^15, so that a
 * 30-digit figure is refused rather than rounded). Keys that are missing read
 * as null. Errors name the file (where) and the key path (message).
 *
 * The same reader takes the JSON the API gives for a report: a published
 * report's "narrative" (the sections staff write, each text of at most
 * RPT_NARR_MAX characters) and "publication" (version and dates), and the
 * console's "errors" (the count of errors among "problems"; it must agree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/limits.h"
#include "report/report.h"

#define MAX_ABS 1e15

struct jctx {
    const char *source;
    err *e;
    char path[256];
};

static int fail(struct jctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct jctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->path[0])
        return err_set(c->e, GK_EINVAL, c->source, "key '%s': %s", c->path, msg);
    return err_set(c->e, GK_EINVAL, c->source, "%s", msg);
}

static const char *type_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* path handling: push appends ".key" or "[i]"; pop restores */
static size_t push_key(struct jctx *c, const char *key)
{
    size_t l = strlen(c->path);
    snprintf(c->path + l, sizeof c->path - l, "%s%s", l ? "." : "", key);
    return l;
}
static size_t push_idx(struct jctx *c, size_t i)
{
    size_t l = strlen(c->path);
    snprintf(c->path + l, sizeof c->path - l, "[%zu]", i);
    return l;
}
static void pop(struct jctx *c, size_t l) { c->path[l] = 0; }

static int get_num(struct jctx *c, const json_t *j, double *out)
{
    if (!j || json_is_null(j)) {
        *out = RPT_NULL;
        return 0;
    }
    if (!json_is_number(j))
        return fail(c, "expected a number or null, got %s", type_name(j));
    double v = json_number_value(j);
    if (!(fabs(v) <= MAX_ABS))
        return fail(c, "the number %.17g is too large for a count or an amount", v);
    *out = v;
    return 0;
}

static int expect_object(struct jctx *c, const json_t *j)
{
    if (!json_is_object(j))
        return fail(c, "expected an object, got %s", type_name(j));
    return 0;
}

/* Every key of obj must be in names[0..n) (or accepted by ok()). */
static int only_keys(struct jctx *c, const json_t *obj, const char *const *names, size_t n)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = names[i] && strcmp(names[i], k) == 0;
        if (!found) {
            size_t l = push_key(c, k);
            int rc = fail(c, "not a key of report JSON v1");
            pop(c, l);
            return rc;
        }
    }
    return 0;
}

static int read_proactive(struct jctx *c, const json_t *pro, rpt *r)
{
    if (!pro || json_is_null(pro))
        return 0;
    if (expect_object(c, pro))
        return GK_EINVAL;
    const char *gk;
    json_t *g;
    json_object_foreach((json_t *)pro, gk, g) {
        size_t l = push_key(c, gk);
        int row = -1;
        for (int i = 0; i < rpt_pro_nrows; i++)
            if (strcmp(rpt_pro_rows[i].group, gk) == 0)
                row = i;
        if (row < 0)
            return fail(c, "not a key of report JSON v1");
        if (json_is_null(g)) {
            pop(c, l);
            continue;
        }
        if (expect_object(c, g))
            return GK_EINVAL;
        const char *fk;
        json_t *fv;
        json_object_foreach(g, fk, fv) {
            int f = -1;
            for (int i = 0; i < PRO_NFIELDS; i++)
                if (rpt_pro_fields[i].row == row && strcmp(rpt_pro_fields[i].key, fk) == 0)
                    f = i;
            size_t l2 = push_key(c, fk);
            if (f < 0)
                return fail(c, "not a key of report JSON v1");
            if (get_num(c, fv, &r->pro[f]))
                return GK_EINVAL;
            pop(c, l2);
        }
        pop(c, l);
    }
    return 0;
}

static int read_row(struct jctx *c, const json_t *a, double *row)
{
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return fail(c, "expected an array of %d numbers, got %s", RPT_NCOLS, type_name(a));
    if (json_array_size(a) != RPT_NCOLS)
        return fail(c, "expected %d numbers (one per applicant column), got %zu", RPT_NCOLS,
                    json_array_size(a));
    for (size_t i = 0; i < RPT_NCOLS; i++) {
        size_t l = push_idx(c, i);
        if (get_num(c, json_array_get(a, i), &row[i]))
            return GK_EINVAL;
        pop(c, l);
    }
    return 0;
}

/* The row of table 三 named key in group (NULL: a row outside any group), or -1. */
static int app_row(const char *group, const char *key)
{
    for (int i = 0; i < APP_NROWS; i++) {
        const struct rpt_app_row_def *d = &rpt_app_rows[i];
        if ((group ? d->group && strcmp(d->group, group) == 0 : !d->group) && strcmp(d->key, key) == 0)
            return i;
    }
    return -1;
}

/* "columns": when given, table 三's column names in their order. */
static int read_columns(struct jctx *c, const json_t *cols)
{
    if (!cols || json_is_null(cols))
        return 0;
    size_t l = push_key(c, "columns");
    if (!json_is_array(cols) || json_array_size(cols) != RPT_NCOLS)
        return fail(c, "expected the %d column names of table 三", RPT_NCOLS);
    for (size_t i = 0; i < RPT_NCOLS; i++) {
        const char *s = json_string_value(json_array_get(cols, i));
        if (!s || strcmp(s, rpt_col_keys[i]) != 0) {
            push_idx(c, i);
            return fail(c, "expected \"%s\"", rpt_col_keys[i]);
        }
    }
    pop(c, l);
    return 0;
}

/* A group of rows of table 三 (an object of rows by key). */
static int read_app_group(struct jctx *c, const char *group, const json_t *v, rpt *r)
{
    if (!v || json_is_null(v))
        return 0;
    if (expect_object(c, v))
        return GK_EINVAL;
    const char *sk;
    json_t *sv;
    json_object_foreach((json_t *)v, sk, sv) {
        int row = app_row(group, sk);
        size_t l2 = push_key(c, sk);
        if (row < 0)
            return fail(c, "not a key of report JSON v1");
        if (read_row(c, sv, r->app[row]))
            return GK_EINVAL;
        pop(c, l2);
    }
    return 0;
}

static int read_applications(struct jctx *c, const json_t *apps, rpt *r)
{
    if (!apps || json_is_null(apps))
        return 0;
    if (expect_object(c, apps))
        return GK_EINVAL;
    /* allowed keys: columns, the top-level rows, the groups */
    const char *names[APP_NROWS + 1];
    size_t nn = 0;
    names[nn++] = "columns";
    for (int i = 0; i < APP_NROWS; i++) {
        const char *k = rpt_app_rows[i].group ? rpt_app_rows[i].group : rpt_app_rows[i].key;
        bool dup = false;
        for (size_t j = 0; j < nn; j++)
            dup |= strcmp(names[j], k) == 0;
        if (!dup)
            names[nn++] = k;
    }
    if (only_keys(c, apps, names, nn) || read_columns(c, json_object_get(apps, "columns")))
        return GK_EINVAL;
    for (size_t k = 1; k < nn; k++) {
        const json_t *v = json_object_get(apps, names[k]);
        size_t l = push_key(c, names[k]);
        int row = app_row(NULL, names[k]);
        if (row >= 0 ? read_row(c, v, r->app[row]) : read_app_group(c, names[k], v, r))
            return GK_EINVAL;
        pop(c, l);
    }
    return 0;
}

static int read_rl(struct jctx *c, const json_t *rl, rpt *r)
{
    if (!rl || json_is_null(rl))
        return 0;
    if (expect_object(c, rl) || only_keys(c, rl, rpt_rl_group_keys, RL_NGROUPS))
        return GK_EINVAL;
    for (int g = 0; g < RL_NGROUPS; g++) {
        const json_t *o = json_object_get(rl, rpt_rl_group_keys[g]);
        if (!o || json_is_null(o))
            continue;
        size_t l = push_key(c, rpt_rl_group_keys[g]);
        if (expect_object(c, o) || only_keys(c, o, rpt_rl_col_keys, RL_NCOLS))
            return GK_EINVAL;
        for (int k = 0; k < RL_NCOLS; k++) {
            size_t l2 = push_key(c, rpt_rl_col_keys[k]);
            if (get_num(c, json_object_get(o, rpt_rl_col_keys[k]), &r->rl[g][k]))
                return GK_EINVAL;
            pop(c, l2);
        }
        pop(c, l);
    }
    return 0;
}

static int read_legacy(struct jctx *c, const json_t *o, double *vals)
{
    if (!o || json_is_null(o))
        return 0;
    if (expect_object(c, o))
        return GK_EINVAL;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        int i = rpt_legacy_index(k);
        /* legacy keys contain dots: name them in brackets */
        size_t l = strlen(c->path);
        snprintf(c->path + l, sizeof c->path - l, "[\"%s\"]", k);
        if (i < 0)
            return fail(c, "not a legacy key of report JSON v1");
        if (get_num(c, v, &vals[i]))
            return GK_EINVAL;
        pop(c, l);
    }
    return 0;
}

static int read_str(struct jctx *c, const json_t *o, const char *key, bool nullable, const char **out)
{
    const json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (nullable)
            return 0;
        size_t l = push_key(c, key);
        (void)l;
        return fail(c, "missing");
    }
    if (!json_is_string(v)) {
        size_t l = push_key(c, key);
        (void)l;
        return fail(c, "expected a string, got %s", type_name(v));
    }
    *out = json_string_value(v);
    return 0;
}

static int read_problems(struct jctx *c, const json_t *a, rpt *r)
{
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return fail(c, "expected an array, got %s", type_name(a));
    static const char *const pkeys[] = {"rule", "severity", "where", "message"};
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *p = json_array_get(a, i);
        size_t l = push_idx(c, i);
        if (expect_object(c, p) || only_keys(c, p, pkeys, 4))
            return GK_EINVAL;
        const char *rule, *sev, *where, *msg;
        if (read_str(c, p, "rule", false, &rule) || read_str(c, p, "severity", false, &sev) ||
            read_str(c, p, "where", true, &where) || read_str(c, p, "message", false, &msg))
            return GK_EINVAL;
        enum rpt_severity s;
        if (strcmp(sev, "error") == 0)
            s = RPT_ERROR;
        else if (strcmp(sev, "warning") == 0)
            s = RPT_WARNING;
        else {
            push_key(c, "severity");
            return fail(c, "expected \"error\" or \"warning\"");
        }
        rpt_add_problem(r, rule, s, where ? where : "", "%s", msg);
        pop(c, l);
    }
    return 0;
}

/* An object of text fields (keys[0..n-1], any of them), each of at most max
 * characters, into out[]. */
static int read_texts(struct jctx *c, const json_t *o, const char *const *keys, int n, int max, char **out)
{
    if (expect_object(c, o) || only_keys(c, o, keys, (size_t)n))
        return GK_EINVAL;
    for (int i = 0; i < n; i++) {
        const char *t;
        if (read_str(c, o, keys[i], true, &t))
            return GK_EINVAL;
        if (!t)
            continue;
        size_t bytes = json_string_length(json_object_get(o, keys[i]));
        size_t chars = utf8_len(t, bytes);
        if ((int)chars > max || memchr(t, '\0', bytes)) {
            size_t l = push_key(c, keys[i]);
            (void)l;
            return fail(c, "%zu characters; at most %d, without NUL", chars, max);
        }
        out[i] = xstrdup(t);
    }
    return 0;
}

/* "narrative": {"overview": "…", "proactive": "…", ..., "problems": "…", "other": "…"}, any of them. */
static int read_narrative(struct jctx *c, const json_t *o, rpt *r)
{
    if (!o || json_is_null(o))
        return 0;
    r->has_narrative = true;
    return read_texts(c, o, rpt_narr_keys, RPT_NNARR, RPT_NARR_MAX, r->narrative);
}

/* "document": {"doc_no": "…", "addressee": "…", "introduction": "…"}, any of them. */
static int read_document(struct jctx *c, const json_t *o, rpt *r)
{
    if (!o || json_is_null(o))
        return 0;
    r->has_document = true;
    return read_texts(c, o, rpt_docf_keys, RPT_NDOCF, RPT_DOCF_MAX, r->doc);
}

/* "publication": {"version": 2, "published_at": "…", "first_published_at": "…", "correction_note": "…"}. */
#define PUB_TEXT_MAX 2000   /* bytes of a date or a correction note kept from the JSON */
static int read_publication(struct jctx *c, const json_t *o, rpt *r)
{
    static const char *const keys[] = {"version", "published_at", "first_published_at", "correction_note"};
    if (!o || json_is_null(o))
        return 0;
    if (expect_object(c, o) || only_keys(c, o, keys, 4))
        return GK_EINVAL;
    const json_t *v = json_object_get(o, "version");
    double d = v && json_is_number(v) ? json_number_value(v) : 0;
    if (!v || !json_is_number(v) || d != floor(d) || d < 1 || d > 1e6) {
        size_t l = push_key(c, "version");
        (void)l;
        return fail(c, "expected a version number (1 or more), got %s", v ? type_name(v) : "nothing");
    }
    r->pub.version = (int)d;
    char **dst[] = {&r->pub.published_at, &r->pub.first_published_at, &r->pub.correction_note};
    for (int i = 0; i < 3; i++) {
        const char *t;
        if (read_str(c, o, keys[i + 1], true, &t))
            return GK_EINVAL;
        if (t && strlen(t) > PUB_TEXT_MAX) {
            size_t l = push_key(c, keys[i + 1]);
            (void)l;
            return fail(c, "more than %d bytes", PUB_TEXT_MAX);
        }
        *dst[i] = t ? xstrdup(t) : NULL;
    }
    return 0;
}

/* "errors" (the console's API): how many of "problems" are errors. */
static int check_errors(struct jctx *c, const json_t *v, const rpt *r)
{
    if (!v || json_is_null(v))
        return 0;
    size_t l = push_key(c, "errors");
    (void)l;
    if (!json_is_number(v) || json_number_value(v) != floor(json_number_value(v)) || json_number_value(v) < 0)
        return fail(c, "expected a count of errors, got %s", type_name(v));
    size_t n = rpt_count_errors(r);
    if (json_number_value(v) != (double)n)
        return fail(c, "%.0f, but \"problems\" lists %zu error(s)", json_number_value(v), n);
    return 0;
}

static int read_legacy_year(struct jctx *c, const json_t *o, rpt *r)
{
    return read_legacy(c, o, r->legacy);
}

static int read_legacy_cum(struct jctx *c, const json_t *o, rpt *r)
{
    return read_legacy(c, o, r->legacy_cum);
}

/* "from_text": the legacy keys whose figures came from the report's text. */
static int read_from_text(struct jctx *c, const json_t *ft, rpt *r)
{
    if (!ft || json_is_null(ft))
        return 0;
    if (!json_is_array(ft))
        return fail(c, "expected an array of legacy keys, got %s", type_name(ft));
    for (size_t i = 0; i < json_array_size(ft); i++) {
        const json_t *k = json_array_get(ft, i);
        size_t l2 = push_idx(c, i);
        int li = json_is_string(k) ? rpt_legacy_index(json_string_value(k)) : -1;
        if (li < 0)
            return fail(c, "expected a legacy key");
        r->legacy_from_text[li] = true;
        pop(c, l2);
    }
    return 0;
}

/* The schema, the keys allowed at the top, agency, layout and year. */
static int read_head(struct jctx *c, const json_t *j, rpt *r)
{
    const json_t *schema = json_object_get(j, "schema");
    if (!schema)
        return fail(c, "not report JSON v1: key 'schema' is missing");
    if (!json_is_string(schema) || strcmp(json_string_value(schema), "gongkai.report/1") != 0) {
        push_key(c, "schema");
        return fail(c, "expected \"gongkai.report/1\"");
    }
    static const char *const top[] = {"schema", "agency", "year", "layout", "proactive",
                                      "applications", "review_litigation", "legacy",
                                      "legacy_cumulative", "from_text", "problems",
                                      "narrative", "document", "publication", "errors"};
    if (only_keys(c, j, top, sizeof top / sizeof top[0]))
        return GK_EINVAL;
    const char *agency, *layout;
    if (read_str(c, j, "agency", true, &agency) || read_str(c, j, "layout", true, &layout))
        return GK_EINVAL;
    if (agency)
        rpt_set_agency(r, agency);
    if (layout) {
        r->layout = rpt_layout_from_name(layout);
        if (r->layout == RPT_LAYOUT_UNKNOWN) {
            push_key(c, "layout");
            return fail(c, "\"%s\" is not one of \"2021\", \"2019\", \"2008\", \"narrative\"", layout);
        }
    }
    const json_t *y = json_object_get(j, "year");
    if (y && !json_is_null(y)) {
        size_t l = push_key(c, "year");
        if (!json_is_number(y))
            return fail(c, "expected a year (a number) or null, got %s", type_name(y));
        double v = json_number_value(y);
        if (v != floor(v) || v < 1990 || v > LIM_YEAR_LAST)
            return fail(c, "%.17g is not a reporting year (1990–%d)", v, LIM_YEAR_LAST);
        r->year = (int)v;
        pop(c, l);
    }
    return 0;
}

/* The sections after the head, in the order they are read (and errors are
 * named): each under its key. */
static const struct {
    const char *key;
    int (*read)(struct jctx *, const json_t *, rpt *);
} doc_sections[] = {
    {"proactive", read_proactive}, {"applications", read_applications}, {"review_litigation", read_rl},
    {"legacy", read_legacy_year}, {"legacy_cumulative", read_legacy_cum}, {"from_text", read_from_text},
    {"problems", read_problems}, {"narrative", read_narrative}, {"document", read_document},
    {"publication", read_publication},
};

static int read_doc(struct jctx *c, const json_t *j, rpt *r)
{
    if (!json_is_object(j))
        return fail(c, "not report JSON v1: expected an object, got %s", type_name(j));
    if (read_head(c, j, r))
        return GK_EINVAL;
    for (size_t i = 0; i < sizeof doc_sections / sizeof doc_sections[0]; i++) {
        size_t l = push_key(c, doc_sections[i].key);
        if (doc_sections[i].read(c, json_object_get(j, doc_sections[i].key), r))
            return GK_EINVAL;
        pop(c, l);
    }
    return check_errors(c, json_object_get(j, "errors"), r);
}

int rpt_from_json(const char *text, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    struct jctx c = {source ? source : "report JSON", e, ""};
    json_error_t je;
    /* Integers as reals: a 30-digit figure then reaches the range check with
     * its key instead of failing inside the parser without one. */
    json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
    if (!j)
        return err_set(e, GK_EINVAL, c.source, "line %d, column %d: not valid JSON: %s", je.line,
                       je.column, je.text);
    rpt *r = rpt_new();
    int rc = read_doc(&c, j, r);
    json_decref(j);
    if (rc) {
        rpt_free(r);
        return rc;
    }
    if (source)
        rpt_set_source(r, source);
    *out = r;
    return 0;
}
