/* cli — `gongkai agency import FILE.csv` and `gongkai agency tree`: creating a
 * platform's agencies from a spreadsheet (platform/ reads and checks it; the
 * store keeps it all or nothing) and showing the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "store/store.h"

/* Checks the rows against what the store holds: codes taken, and parents
 * that are not in the file (plat_import_parse checked those in it). */
static void check_against_store(store_t *st, struct plat_import *im)
{
    for (size_t i = 0; i < im->nrows; i++) {
        const struct plat_row *r = &im->rows[i];
        struct store_agency a;
        err e = {0};
        if (store_agency_get(st, r->v[PLAT_C_CODE], &a, &e) == 0)
            plat_import_error(im, r->line, r->col[PLAT_C_CODE], "code '%s' is taken by %s in the database",
                              a.code, a.name);
        const char *pc = r->v[PLAT_C_PARENT];
        bool in_file = false;
        for (size_t j = 0; j < i && !in_file; j++)
            in_file = strcmp(im->rows[j].v[PLAT_C_CODE], pc) == 0;
        if (!pc[0] || in_file)
            continue;
        if (store_agency_get(st, pc, &a, &e)) {
            plat_import_error(im, r->line, r->col[PLAT_C_PARENT], "no agency '%s' in the file or the database", pc);
            continue;
        }
        enum plat_level cl = PLAT_NONE, pl = PLAT_NONE;
        plat_level_parse(r->v[PLAT_C_LEVEL], "level", &cl, NULL);
        plat_level_parse(a.level, "level", &pl, NULL);
        struct plat_node c = {r->v[PLAT_C_CODE], strcmp(r->v[PLAT_C_KIND], "government") == 0, cl};
        struct plat_node p = {a.code, strcmp(a.kind, "government") == 0, pl};
        if (plat_tree_check(&c, &p, "parent", &e))
            plat_import_error(im, r->line, r->col[PLAT_C_PARENT], "%s", e.msg);
    }
}

static void to_store_row(const struct plat_row *r, struct store_agency_row *o)
{
    memset(o, 0, sizeof *o);
    o->line = r->line;
    /* lengths were checked by plat_import_parse */
    snprintf(o->a.code, sizeof o->a.code, "%s", r->v[PLAT_C_CODE]);
    snprintf(o->a.name, sizeof o->a.name, "%s", r->v[PLAT_C_NAME]);
    snprintf(o->a.org_code, sizeof o->a.org_code, "%s", r->v[PLAT_C_ORG_CODE]);
    snprintf(o->a.kind, sizeof o->a.kind, "%s", r->v[PLAT_C_KIND]);
    snprintf(o->a.level, sizeof o->a.level, "%s", r->v[PLAT_C_LEVEL]);
    snprintf(o->a.host, sizeof o->a.host, "%s", r->v[PLAT_C_HOST]);
    snprintf(o->parent, sizeof o->parent, "%s", r->v[PLAT_C_PARENT]);
    int n = 0;
    for (int k = 0; k < PLAT_NCOLS && n < STORE_AGENCY_ROW_SETTINGS; k++)
        if (plat_cols[k].setting && r->v[k][0]) {
            o->settings[n] = plat_cols[k].setting;
            o->values[n++] = r->v[k];
        }
}

static void print_tree(const struct store_agency *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int d = 0; d < v[i].depth; d++)
            fputs("  ", stdout);
        const char *lv = v[i].level;
        for (int k = 1; k < PLAT_NLEVELS; k++)
            if (strcmp(plat_levels[k].key, v[i].level) == 0)
                lv = plat_levels[k].label;
        printf("%s %s (%s%s%s)\n", v[i].code, v[i].name, strcmp(v[i].kind, "government") == 0 ? "政府" : "部门",
               *lv ? ", " : "", lv);
    }
}

int cli_agency_import(cli_ctx *ctx, int argc, char **argv)
{
    if (argc != 1) {
        cli_error("agency import", "give one CSV file (columns: see 'gongkai agency --help')");
        return 2;
    }
    err e = {0};
    buf text;
    buf_init(&text);
    if (file_read_all(argv[0], PLAT_CSV_MAX_BYTES, &text, &e)) {
        buf_free(&text);
        return cli_report_err(&e);
    }
    struct plat_import im;
    plat_import_parse(text.data ? text.data : "", text.len, &im);
    buf_free(&text);
    store_t *st;
    if (store_open(ctx->db_path, &st, &e)) {
        plat_import_free(&im);
        return cli_report_err(&e);
    }
    if (!im.nerrors)
        check_against_store(st, &im);
    int rc = 0;
    if (im.nerrors) {
        buf msg;
        buf_init(&msg);
        plat_import_errors_text(&im, &msg);
        fprintf(stderr, "gongkai: agency import: %s: nothing imported, %zu problem%s:\n%s", argv[0], im.nerrors,
                im.nerrors == 1 ? "" : "s", msg.data);
        buf_free(&msg);
        rc = 1;
    } else {
        struct store_agency_row *rows = xmalloc((im.nrows ? im.nrows : 1) * sizeof *rows);
        for (size_t i = 0; i < im.nrows; i++)
            to_store_row(&im.rows[i], &rows[i]);
        if (store_agency_import(st, rows, im.nrows, "cli", &e)) {
            rc = cli_report_err(&e);
        } else {
            printf("%zu agencies imported from %s\n", im.nrows, argv[0]);
        }
        free(rows);
    }
    plat_import_free(&im);
    store_close(st);
    return rc;
}

int cli_agency_tree(cli_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        cli_error("agency tree", "takes no arguments (--agency CODE shows that agency's subtree)");
        return 2;
    }
    err e = {0};
    store_t *st;
    if (store_open(ctx->db_path, &st, &e))
        return cli_report_err(&e);
    int64_t root = 0;
    struct store_agency a, *v = NULL;
    size_t n = 0;
    int rc = 0;
    if (ctx->agency && (rc = store_agency_get(st, ctx->agency, &a, &e)) == 0)
        root = a.id;
    if (!rc)
        rc = store_agency_tree(st, root, &v, &n, &e);
    store_close(st);
    if (rc)
        return cli_report_err(&e);
    print_tree(v, n);
    free(v);
    return 0;
}
