/*
 * store — the one interface to persistence. Everything gongkai keeps (agencies,
 * users, applications, documents, the audit trail, imported calendar years)
 * goes through these functions; the backend is SQLite (a file path) or
 * PostgreSQL (a "postgresql://..." URI or "host=... dbname=..." string), and
 * nothing outside src/store/ knows which. The store persists; it never
 * decides: the domain modules decide what is valid.
 *
 * Every record belongs to an agency: one database serves many agencies.
 * Every change that spans several rows runs in one transaction.
 */
#ifndef GONGKAI_STORE_H
#define GONGKAI_STORE_H

#include "base/base.h"

typedef struct store_t store_t;

/* Opens (creating and migrating when needed) the database at target. */
int store_open(const char *target, store_t **out, err *e);
void store_close(store_t *s);
const char *store_backend(const store_t *s);      /* "sqlite" or "postgresql" */
int store_schema_version(store_t *s);

/* Transactions; nested calls join the outermost one. On an error inside,
 * call store_rollback: nothing of the change is kept. */
int store_begin(store_t *s, err *e);
int store_commit(store_t *s, err *e);
void store_rollback(store_t *s);

/* ---- agencies ---- */
struct store_agency {
    int64_t id;
    char code[64];            /* short code used on the command line, e.g. "zmdmzj" */
    char name[256];           /* 驻马店市民政局 */
    char org_code[64];        /* the issuing body's code used in index numbers */
    char index_pattern[128];  /* e.g. "{ORG}/{YYYY}-{NNNNN}" */
};
int store_agency_add(store_t *s, const struct store_agency *a, int64_t *id, err *e);
int store_agency_get(store_t *s, const char *code, struct store_agency *out, err *e);
int store_agency_by_id(store_t *s, int64_t id, struct store_agency *out, err *e);
/* All agencies ordered by code; *out is malloc'ed (free it). */
int store_agency_list(store_t *s, struct store_agency **out, size_t *n, err *e);
/* The agency a command works on: `code` when given; else the only one there
 * is; else an error that lists the codes and asks for --agency. */
int store_agency_resolve(store_t *s, const char *code, struct store_agency *out, err *e);

/* ---- audit trail: who, when, what, before and after ---- */
struct store_audit_entry {
    int64_t id, agency_id, entity_id;
    char at[32];              /* ISO 8601 local time */
    char actor[128];
    char entity[32];          /* "application", "document", "user", ... */
    char action[64];
    char *before_json, *after_json;   /* may be NULL */
};
int store_audit_add(store_t *s, int64_t agency_id, const char *actor, const char *entity,
                    int64_t entity_id, const char *action, const char *before_json,
                    const char *after_json, err *e);
struct store_audit_filter {
    int64_t agency_id;        /* 0 = all */
    const char *entity;       /* NULL = all */
    int64_t entity_id;        /* 0 = all */
    const char *actor;        /* NULL = all */
    const char *since, *until;/* dates YYYY-MM-DD, NULL = open */
    int limit, offset;
};
/* Calls fn for each matching entry, newest first. */
int store_audit_list(store_t *s, const struct store_audit_filter *f,
                     int (*fn)(const struct store_audit_entry *, void *), void *arg, err *e);

/* ---- calendar years imported after the build ---- */
int store_calendar_put(store_t *s, const char *date, const char *kind, const char *name,
                       const char *source, err *e);
/* Every stored fact as TSV lines "date\tkind\tname" (to load into a cal_t). */
int store_calendar_tsv(store_t *s, buf *out, err *e);

/* ---- settings per agency (0 = the deployment's defaults) ---- */
int store_setting_get(store_t *s, int64_t agency_id, const char *key, buf *out, err *e);
int store_setting_set(store_t *s, int64_t agency_id, const char *key, const char *value, err *e);

#endif
