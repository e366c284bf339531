/*
 * report — the supervising office's run (政务公开办): every report in a folder
 * tree read, whatever its format, each one's read status counted, the same
 * report found twice told apart from two agencies, and the figures of every
 * agency written as one spreadsheet.
 *
 * A duplicate is the same agency and the same year (a report is per agency
 * per year: 《条例》第五十条). Two files of one agency and year whose figures
 * agree are one report published twice (a web page and its PDF): counted
 * once. Whose figures differ, they are a conflict: the first in path order is
 * kept and the conflict is reported; nobody's figures are added twice.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <xlsxwriter.h>

#include "base/progress.h"
#include "report/report.h"

#define COLLECT_MAX_FILES 100000
#define COLLECT_MAX_DEPTH 32
#define COLLECT_MAX_BYTES ((size_t)64 << 20)

static const char *const report_exts[] = {".txt", ".html", ".htm", ".pdf", ".docx", ".xlsx", ".json"};

static bool is_report_name(const char *name)
{
    if (name[0] == '.')
        return false;
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof report_exts / sizeof report_exts[0]; i++)
        if (strcasecmp(dot, report_exts[i]) == 0)
            return true;
    return false;
}

struct names {
    char **v;
    size_t n, cap;
};

static int walk(const char *dir, int depth, struct names *out, err *e)
{
    if (depth > COLLECT_MAX_DEPTH)
        return err_set(e, GK_EINVAL, dir, "folders nested more than %d deep", COLLECT_MAX_DEPTH);
    DIR *d = opendir(dir);
    if (!d)
        return err_set(e, GK_EIO, dir, "cannot open the folder: %s", strerror(errno));
    int rc = 0;
    struct dirent *de;
    buf p;
    buf_init(&p);
    while (!rc && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        buf_reset(&p);
        buf_printf(&p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p.data, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk(p.data, depth + 1, out, e);
        } else if (S_ISREG(st.st_mode) && is_report_name(de->d_name)) {
            if (out->n == COLLECT_MAX_FILES) {
                rc = err_set(e, GK_EINVAL, dir, "more than %d report files", COLLECT_MAX_FILES);
                break;
            }
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 64;
                out->v = xrealloc(out->v, out->cap * sizeof *out->v);
            }
            out->v[out->n++] = buf_detach(&p);
        }
    }
    buf_free(&p);
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_num(double a, double b)
{
    return (rpt_is_null(a) && rpt_is_null(b)) || a == b;
}

bool rpt_same_figures(const rpt *a, const rpt *b)
{
    if (a->layout != b->layout || a->year != b->year)
        return false;
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (!same_num(a->pro[f], b->pro[f]))
            return false;
    for (int r = 0; r < APP_NROWS; r++)
        for (int c = 0; c < RPT_NCOLS; c++)
            if (!same_num(a->app[r][c], b->app[r][c]))
                return false;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            if (!same_num(a->rl[g][c], b->rl[g][c]))
                return false;
    for (int k = 0; k < rpt_legacy_n; k++)
        if (!same_num(a->legacy[k], b->legacy[k]) || !same_num(a->legacy_cum[k], b->legacy_cum[k]))
            return false;
    return true;
}

int rpt_duplicate_of(rpt *const *reps, size_t i)
{
    const rpt *r = reps[i];
    if (!r->year)
        return -1;
    for (size_t j = 0; j < i; j++) {
        const rpt *o = reps[j];
        if (o->year != r->year)
            continue;
        if (r->agency && o->agency && strcmp(o->agency, r->agency) == 0)
            return (int)j;
        /* no agency found in either: the same year and the same figures is the same report */
        if (!r->agency && !o->agency && rpt_same_figures(o, r))
            return (int)j;
    }
    return -1;
}

int rpt_missing_cells(const rpt *r)
{
    if (r->layout != RPT_LAYOUT_2021 && r->layout != RPT_LAYOUT_2019)
        return 0; /* the 2008 tables' rows vary by province: an absent row is not a missing cell */
    int n = 0;
    for (int f = 0; f < PRO_NFIELDS; f++)
        n += (rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(r->layout)) && rpt_is_null(r->pro[f]);
    for (int row = 0; row < APP_NROWS; row++) {
        if (r->layout == RPT_LAYOUT_2019 && !rpt_app_rows[row].in_2019)
            continue;
        for (int c = 0; c < RPT_NCOLS; c++)
            n += rpt_is_null(r->app[row][c]);
    }
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            n += rpt_is_null(r->rl[g][c]);
    return n;
}

enum rpt_read_status rpt_read_status(const rpt *r, int *missing, int *unread)
{
    *unread = 0;
    for (size_t k = 0; k < r->nproblems; k++)
        *unread += r->problems[k].severity == RPT_ERROR && strcmp(r->problems[k].rule, "READ") == 0;
    *missing = rpt_missing_cells(r);
    return *unread || *missing ? RPT_READ_PARTIAL : RPT_READ_FULL;
}

int rpt_collect(const char *dir, struct rpt_collect_item **out, size_t *nout, err *e)
{
    return rpt_collect_progress(dir, NULL, out, nout, e);
}

int rpt_collect_progress(const char *dir, const struct gk_progress *progress, struct rpt_collect_item **out,
                         size_t *nout, err *e)
{
    *out = NULL;
    *nout = 0;
    struct names nm = {0};
    int rc = walk(dir, 0, &nm, e);
    if (rc) {
        for (size_t i = 0; i < nm.n; i++)
            free(nm.v[i]);
        free(nm.v);
        return rc;
    }
    if (nm.n)
        qsort(nm.v, nm.n, sizeof *nm.v, cmp_str);
    struct rpt_collect_item *v = xcalloc(nm.n + 1, sizeof *v);
    rpt **reps = xcalloc(nm.n + 1, sizeof *reps);
    size_t nr = 0;
    int *rep_item = xcalloc(nm.n + 1, sizeof *rep_item);
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < nm.n; i++) {
        gk_progress_report(progress, "读取", (int64_t)i, (int64_t)nm.n);
        struct rpt_collect_item *it = &v[i];
        it->path = nm.v[i];
        it->dup_of = -1;
        err fe = {0};
        buf_reset(&b);
        int frc = file_read_all(it->path, COLLECT_MAX_BYTES, &b, &fe);
        if (frc == 0)
            frc = rpt_load(b.data ? b.data : "", b.len, it->path, &it->r, &fe);
        if (frc) {
            buf m;
            buf_init(&m);
            if (fe.where[0] && strncmp(fe.msg, fe.where, strlen(fe.where)) != 0)
                buf_printf(&m, "%s: ", fe.where);
            buf_puts(&m, fe.msg[0] ? fe.msg : "cannot be read as a report");
            it->error = buf_detach(&m);
            it->r = NULL;
            continue;
        }
        rpt_check(it->r);
        it->status = rpt_read_status(it->r, &it->missing, &it->unread);
        reps[nr] = it->r;
        rep_item[nr] = (int)i;
        int j = rpt_duplicate_of(reps, nr);
        if (j >= 0) {
            it->dup_of = rep_item[j];
            it->conflict = !rpt_same_figures(reps[j], it->r);
        }
        nr++;
    }
    gk_progress_report(progress, "读取", (int64_t)nm.n, (int64_t)nm.n);
    buf_free(&b);
    free(reps);
    free(rep_item);
    free(nm.v);
    *out = v;
    *nout = nm.n;
    return 0;
}

void rpt_collect_free(struct rpt_collect_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].path);
        free(v[i].error);
        rpt_free(v[i].r);
    }
    free(v);
}

/* ---- the spreadsheet of every agency's figures ------------------------------ */

/* Cuts one RFC 4180 record of csv (as rpt_csv writes it) into cells; returns the next record. */
static const char *csv_record(const char *s, const char *end, buf *cells, size_t *ncells)
{
    buf_reset(cells);
    *ncells = 0;
    while (s < end) {
        if (*s == '"') {
            s++;
            while (s < end) {
                if (*s == '"' && s + 1 < end && s[1] == '"') {
                    buf_putc(cells, '"');
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    buf_putc(cells, *s++);
                }
            }
        }
        while (s < end && *s != ',' && *s != '\r' && *s != '\n')
            buf_putc(cells, *s++);
        buf_putc(cells, '\0');
        (*ncells)++;
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        while (s < end && (*s == '\r' || *s == '\n'))
            s++;
        break;
    }
    return s;
}

int rpt_xlsx_table(rpt *const *reps, size_t n, const rpt *total, const char *path, err *e)
{
    buf csv, cells;
    buf_init(&csv);
    buf_init(&cells);
    rpt_csv(reps, n, total, false, &csv);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        buf_free(&csv);
        buf_free(&cells);
        return err_set(e, GK_EIO, path, "cannot create the workbook");
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "各机关数据");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    const char *s = csv.data, *end = csv.data + csv.len;
    lxw_row_t row = 0;
    while (s < end) {
        size_t nc;
        s = csv_record(s, end, &cells, &nc);
        const char *c = cells.data;
        for (size_t k = 0; k < nc; k++) {
            char *rest;
            double v = strtod(c, &rest);
            if (row > 0 && *c && *rest == 0 && k >= 1 && k != 2)
                worksheet_write_number(ws, row, (lxw_col_t)k, v, NULL);
            else if (*c)
                worksheet_write_string(ws, row, (lxw_col_t)k, c, row == 0 ? bold : NULL);
            c += strlen(c) + 1;
        }
        row++;
    }
    worksheet_freeze_panes(ws, 1, 1);
    lxw_error xe = workbook_close(wb);
    buf_free(&csv);
    buf_free(&cells);
    if (xe != LXW_NO_ERROR)
        return err_set(e, GK_EIO, path, "cannot write the workbook: %s", lxw_strerror(xe));
    return 0;
}
