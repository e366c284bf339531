/*
 * platform — one platform for a city or a province (issue 13): the rules of
 * the agency tree, the CSV of agencies an operator creates them from, and the
 * defaults of each agency's 政府信息公开指南. The domain decides here; the
 * store keeps the tree (store.h, "the agency tree"), the CLI (`gongkai agency
 * import`) and the console (web/pages_platform.c) ask these functions.
 *
 * The tree: governments at four levels (province → city → county →
 * township), each under the government of the level above or at the root;
 * departments (县级以上人民政府部门) under a government. The kind decides the
 * deadline of the annual report (《政府信息公开条例》第四十九条,
 * report/schedule.h) and the 政务公开办 of a government supervises its
 * subtree (第三条: 县级以上地方人民政府办公厅（室）是本行政区域的政府信息公开
 * 工作主管部门).
 */
#ifndef GONGKAI_PLATFORM_H
#define GONGKAI_PLATFORM_H

#include "base/base.h"

/* ---- the tree's rules: one row per level of government ---- */
enum plat_level { PLAT_NONE = 0, PLAT_PROVINCE, PLAT_CITY, PLAT_COUNTY, PLAT_TOWNSHIP, PLAT_NLEVELS };
struct plat_level_def {
    enum plat_level level;
    const char *key;          /* "province", ... (stored, CSV, CLI) */
    const char *label;        /* 省级, 市级, 县级, 乡镇 */
    enum plat_level parent;   /* the level of the government above; PLAT_NONE = may be a root */
    bool root_ok;             /* may stand at the root of a platform */
};
extern const struct plat_level_def plat_levels[PLAT_NLEVELS];
/* "" = PLAT_NONE; GK_EINVAL naming `where` for an unknown key. */
int plat_level_parse(const char *key, const char *where, enum plat_level *out, err *e);

/* What the tree check needs of an agency. */
struct plat_node {
    const char *code;
    bool government;          /* kind "government" (else "department") */
    enum plat_level level;    /* governments: their level; departments: PLAT_NONE */
};
/* May `child` stand under `parent` (NULL: at the root)? GK_EINVAL with the
 * reason: a department needs a government above it; a government's level is
 * one below its parent's; a department has no level. `where` names the field. */
int plat_tree_check(const struct plat_node *child, const struct plat_node *parent, const char *where, err *e);

/* An agency code appears in URLs (/{code}/...): 2 to 32 characters of a-z,
 * 0-9 and '-', starting with a letter, and not one of the portal's own first
 * path segments (console, doc, search, static, ...). */
#define PLAT_CODE_MIN 2
#define PLAT_CODE_MAX 32
int plat_code_check(const char *code, const char *where, err *e);
/* The portal's first path segments an agency code may not take. */
extern const char *const plat_reserved_codes[];

/* ---- the CSV of agencies (`gongkai agency import`) ----
 * A header row names the columns (English keys or the Chinese labels), in
 * any order; code, name and kind are required. Bounded: at most
 * PLAT_CSV_MAX_BYTES bytes, PLAT_CSV_MAX_ROWS rows, each contact field at most
 * PLAT_CONTACT_MAX_CHARS characters; NUL bytes, control characters and
 * invalid UTF-8 are refused (doc_csv_parse). Every problem is recorded with
 * its line and column; the caller imports only when nerrors is 0. */
#define PLAT_CSV_MAX_BYTES ((size_t)4 * 1024 * 1024)
#define PLAT_CSV_MAX_ROWS 5000
#define PLAT_CONTACT_MAX_CHARS 200
#define PLAT_MAX_ERRORS 100
enum plat_col {
    PLAT_C_CODE, PLAT_C_NAME, PLAT_C_PARENT, PLAT_C_KIND, PLAT_C_LEVEL, PLAT_C_ORG_CODE, PLAT_C_REGION,
    PLAT_C_HOST, PLAT_C_OFFICE, PLAT_C_ADDRESS, PLAT_C_POSTCODE, PLAT_C_PHONE, PLAT_C_EMAIL, PLAT_C_HOURS,
    PLAT_C_SUPERVISOR, PLAT_NCOLS
};
struct plat_col_def {
    const char *key, *label;
    bool required;
    const char *setting;      /* the agency setting the value goes to, or NULL */
};
extern const struct plat_col_def plat_cols[PLAT_NCOLS];
struct plat_row {
    int line;
    char *v[PLAT_NCOLS];      /* "" when the column is absent or empty */
    int col[PLAT_NCOLS];      /* the column (from 1) each value came from, 0 = absent */
    bool bad;                 /* a check of the row alone failed (the tree is not checked) */
};
struct plat_error { int line, col; char msg[400]; };
struct plat_import {
    struct plat_row *rows; size_t nrows;
    struct plat_error *errors; size_t nerrors;
};
/* Reads and checks the rows (codes, kinds, levels, lengths, duplicates in the
 * file, and the tree among the rows whose parent is in the file: a parent
 * must come before its children). Parents outside the file are left to
 * plat_import_resolve. */
void plat_import_parse(const char *text, size_t n, struct plat_import *out);
/* Adds an error (line, column, message) to im; at most PLAT_MAX_ERRORS kept. */
void plat_import_error(struct plat_import *im, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void plat_import_free(struct plat_import *im);
/* The errors as one line each, "line L, column C (key): message". */
void plat_import_errors_text(const struct plat_import *im, buf *out);

/* ---- the 政府信息公开指南 any agency publishes by default ----
 * The built-in guide names what the agency itself discloses (Art. 19–21:
 * its own functions, not another agency's). The defaults are written for
 * the kind of agency, with its facts (name, office, the supervising body,
 * the report's deadline, where an administrative review goes) filled in;
 * an agency edits its own list of items and notes in the console. */
struct plat_guide_facts {
    bool government;
    enum plat_level level;
    const char *parent_name;  /* the government above, "" when none */
};
/* The items of the proactive-disclosure scope, one per line, by kind. */
const char *plat_guide_scope_default(const struct plat_guide_facts *f);
/* To whom complaints go (Art. 51: 上一级行政机关或者政府信息公开工作主管部门). */
void plat_guide_supervisor(const struct plat_guide_facts *f, buf *out);
/* Where an administrative review goes (行政复议法 as revised in 2023:
 * a department's acts → the government of its level; a government's → the
 * government above). */
void plat_guide_review_body(const struct plat_guide_facts *f, buf *out);
/* 1月31日 or 3月31日 (Art. 49). */
const char *plat_guide_report_deadline(const struct plat_guide_facts *f);

#endif
