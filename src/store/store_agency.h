/* store — agencies, the agency tree, what the supervising office sees, and
 * settings per agency (store.c, tree.c, portal.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_AGENCY_H
#define GONGKAI_STORE_AGENCY_H

#include "store/store.h"

/* ---- agencies ---- */
struct store_agency {
    int64_t id;
    char code[64];            /* short code used on the command line, e.g. "zmdmzj" */
    char name[256];           /* 驻马店市民政局 */
    char org_code[64];        /* the issuing body's code used in index numbers */
    char index_pattern[128];  /* e.g. "{ORG}/{YYYY}-{NNNNN}" */
    /* the agency tree (migration 014; src/store/tree.c) */
    int64_t parent_id;        /* the agency above (a department's government, a
                                 county's city), 0 for a root */
    char kind[16];            /* "government" or "department" (report/schedule.h) */
    char level[16];           /* "province", "city", "county", "township" or "" */
    char host[128];           /* the host name its portal answers on, "" = none */
    int depth;                /* store_agency_subtree: 0 for the root, 1 below, ... */
};
int store_agency_add(store_t *s, const struct store_agency *a, int64_t *id, err *e);
int store_agency_get(store_t *s, const char *code, struct store_agency *out, err *e);
int store_agency_by_id(store_t *s, int64_t id, struct store_agency *out, err *e);
/* All agencies ordered by code; *out is malloc'ed (free it). */
int store_agency_list(store_t *s, struct store_agency **out, size_t *n, err *e);
/* The agency a command works on: `code` when given; else the only one there
 * is; else an error that lists the codes and asks for --agency. */
int store_agency_resolve(store_t *s, const char *code, struct store_agency *out, err *e);

/* ---- the agency tree (migration 014; src/store/tree.c) ----
 * platform/platform.h decides what may stand where; these keep it. */
/* The subtree of root_id (0: every root and its subtree), depth first (a
 * parent before its children, siblings by code), depth filled; *out is
 * malloc'ed (free it). */
int store_agency_tree(store_t *s, int64_t root_id, struct store_agency **out, size_t *n, err *e);
/* *in: whether agency id is root_id or below it. */
int store_agency_within(store_t *s, int64_t root_id, int64_t id, bool *in, err *e);
/* The agency whose portal answers on `host`; GK_ENOTFOUND when none. */
int store_agency_by_host(store_t *s, const char *host, struct store_agency *out, err *e);
/* One agency of an import: the agency (parent_id ignored), its parent's code
 * ("" = a root; an agency already stored or an earlier row), and settings
 * (key, value; "" values skipped). */
#define STORE_AGENCY_ROW_SETTINGS 8
struct store_agency_row {
    int line;                 /* in the file, for the error */
    struct store_agency a;
    char parent[64];
    const char *settings[STORE_AGENCY_ROW_SETTINGS];   /* NULL/"" ends the list */
    const char *values[STORE_AGENCY_ROW_SETTINGS];
};
/* Adds every row in order, with its settings and an audit entry "import",
 * in ONE transaction: a taken code or a missing parent (GK_EINVAL naming the
 * line) keeps nothing. */
int store_agency_import(store_t *s, const struct store_agency_row *rows, size_t n, const char *actor, err *e);

/* What the supervising office sees of one agency: open applications past
 * their next deadline (due < today) and due from today to soon_until; and
 * documents not published: drafts, and in the review chain. */
int store_oversight_apps(store_t *s, int64_t agency_id, gk_day today, gk_day soon_until, int64_t *overdue,
                         int64_t *soon, err *e);
int store_oversight_docs(store_t *s, int64_t agency_id, int64_t *drafts, int64_t *in_review, err *e);
/* Documents published (and not withdrawn) from `from` to `to`, oldest
 * first, with whether each is of normative_genre and has a published
 * interpretation. The strings live until fn returns. */
struct store_doc_brief {
    int64_t id;
    char title[1024];
    gk_day written, published;
    bool normative, interpreted;
    int64_t agency_id;
};
int store_oversight_published(store_t *s, int64_t agency_id, gk_day from, gk_day to, const char *normative_genre,
                              int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e);
/* The same for every agency of the subtree of root_id, in one query. */
int store_oversight_published_tree(store_t *s, int64_t root_id, gk_day from, gk_day to, const char *normative_genre,
                                   int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e);
/* The office's figures for every agency of the subtree of root_id, in
 * store_agency_tree's order, in a constant number of queries (grouped by
 * agency, whatever the size of the subtree): store_oversight_apps and
 * store_oversight_docs, and the report of `year` (store_report_get's row:
 * whether a draft is saved, signed off, the published version and its
 * report JSON; when its first version was published). *out is malloc'ed:
 * free with store_oversight_free. */
struct store_oversight {
    struct store_agency a;
    int64_t overdue, soon, drafts, review;
    bool drafted, signed_off;
    int version;               /* 0 = never published */
    char *report_json;         /* the published report, NULL */
    char first_published[32];  /* "" when never */
};
int store_oversight_tree(store_t *s, int64_t root_id, gk_day today, gk_day soon_until, int year,
                         struct store_oversight **out, size_t *n, err *e);
void store_oversight_free(struct store_oversight *v, size_t n);
/* A published report sent back by the office of by_agency_id with its
 * comment, and its audit entry "returned" (entity "report"), in one
 * transaction. */
int store_report_return(store_t *s, int64_t agency_id, int year, int version, int64_t by_agency_id,
                        const char *comment, const char *actor, err *e);
struct store_report_returned {
    int version;
    int64_t by_agency_id;
    char by_name[256], at[32], by[128];
    const char *comment;      /* valid during the callback */
};
/* The returns of a year's report, newest first. */
int store_report_returns(store_t *s, int64_t agency_id, int year,
                         int (*fn)(const struct store_report_returned *, void *), void *arg, err *e);
/* The summed report of an office's area for `year` (replacing an earlier
 * one), with the agencies summed (JSON list of codes) and its audit entry,
 * in one transaction. */
int store_area_report_publish(store_t *s, int64_t agency_id, int year, const char *report_json,
                              const char *agencies_json, const char *actor, err *e);
/* *report_json and *agencies_json (NULL: not wanted) are malloc'ed;
 * GK_ENOTFOUND when none was published. */
int store_area_report_get(store_t *s, int64_t agency_id, int year, char **report_json, char **agencies_json,
                          char published_at[32], err *e);


/* ---- settings per agency (0 = the deployment's defaults) ---- */
int store_setting_get(store_t *s, int64_t agency_id, const char *key, buf *out, err *e);
int store_setting_set(store_t *s, int64_t agency_id, const char *key, const char *value, err *e);
/* A security policy setting (key: one of web_policy_keys, a plain name)
 * changed to value, with its audit row entity "security", action "policy"
 * (before: the value in force, def when unset), in one transaction. */
int store_policy_set(store_t *s, int64_t agency_id, const char *key, int64_t value, int64_t def, const char *actor,
                     err *e);
/* Sets key to value only when it has no value yet, then reads what is kept
 * into out (buf_init'ed by the caller; free it): when several processes
 * start at once (web nodes), all end up with the first one's value. */
int store_setting_init(store_t *s, int64_t agency_id, const char *key, const char *value, buf *out, err *e);

#endif
