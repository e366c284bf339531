/* store — the audit trail, personal data sealed at rest, retention and 三员分立
 * (audit.c, seal.c, sealed.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_AUDIT_H
#define GONGKAI_STORE_AUDIT_H

#include "store/store.h"

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
    const char *const *actions; /* any of these actions (NULL-terminated, at most 16); NULL = all */
    const char *since, *until;/* dates YYYY-MM-DD, NULL = open */
    int limit, offset;
};
/* The chain (issue 15, src/store/audit.c): every row carries a keyed hash of
 * its fields, its id, its place in its agency's chain and the row before it.
 * store_audit_verify walks every chain in id order, then the checkpoint file
 * (NULL or a missing file: none), and stops at the first row that does not
 * match: v->ok false, v->row_id and v->msg name it. Returns 0 whatever it
 * found; an error only when it could not look. */
struct store_audit_verdict {
    bool ok;
    int64_t row_id;                 /* the first row that does not match */
    char msg[256];
    int64_t rows, chains, checkpoints;
};
int store_audit_verify(store_t *s, const char *checkpoints, struct store_audit_verdict *v, err *e);
/* Appends one line per chain head to path (append-only, fsync'ed): the
 * periodic checkpoint an editor of the database cannot take back. */
int store_audit_checkpoint(store_t *s, const char *path, int *chains, err *e);
/* The checkpoint file of this store ($GONGKAI_AUDIT_CHECKPOINTS, else
 * "<database file>.checkpoints", var/gongkai.checkpoints on PostgreSQL, ""
 * in memory); borrowed, valid while the store is open. */
const char *store_audit_checkpoint_path(const store_t *s);
/* Moves the rows of every chain recorded before `before` (an ISO date or
 * time) to the archive file (JSON lines with their hashes, appended and
 * fsync'ed), deletes them and moves each chain's base past them, so that
 * verify starts there; audited ("audit", "rotate"). *n: rows moved. The
 * caller keeps the period (at least six months, 等保 2.0). */
int store_audit_rotate(store_t *s, const char *before, const char *archive, int64_t *n, err *e);
/* Calls fn for each matching entry, newest first. */
int store_audit_list(store_t *s, const struct store_audit_filter *f,
                     int (*fn)(const struct store_audit_entry *, void *), void *arg, err *e);

/* ---- sealed personal data (issue 15, src/store/sealed.c) ----
 * Applicants' name, ID number, phone, e-mail and address are sealed in the
 * database (XChaCha20-Poly1305, keys in a key file outside it: GONGKAI_KEY_FILE,
 * else "<database file>.keys", var/gongkai.keys on PostgreSQL). Callers see
 * clear values; tracking by phone and the fee by count use keyed hashes. */
#define STORE_SEAL_BATCH_MAX 10000
/* Rows by the key that sealed them. */
struct store_seal_tally {
    int64_t total, current, older, clear;
};
struct store_seal_status {
    char key_file[1024];
    int current_key;
    char cipher[24];                        /* the current key's: "xchacha20poly1305" or "sm4-gcm" */
    int64_t total, current, older, clear;   /* applications by the key that sealed them */
    struct store_seal_tally registers;      /* the 互动交流 registers' rows (messages, suggestions, comments) */
};
int store_seal_count(store_t *s, struct store_seal_status *out, err *e);
struct store_seal_progress {
    int new_key;
    int64_t rows, batches;
    double seconds, max_batch_ms;   /* the longest batch: how long others waited at most */
};
/* Seals rows left clear and re-seals rows of older keys with the current
 * one, `batch` rows a transaction (the server answers between batches);
 * with rotate, first adds a new key to the key file. Audited ("seal"). */
int store_seal_run(store_t *s, int batch, bool rotate, struct store_seal_progress *p, err *e);
/* A rotation to a new key of the named cipher ("xchacha20poly1305", or
 * "sm4-gcm": SM4 of GB/T 32907-2016 in GCM mode, by libgcrypt; NULL = the
 * current key's), then every row re-sealed with it as store_seal_run does;
 * GK_EINVAL (where "cipher") for another name. */
int store_seal_rotate(store_t *s, int batch, const char *cipher, struct store_seal_progress *p, err *e);

/* Retention (issue 15): erases the personal fields (name, ID number, phone,
 * e-mail, address, their hashes) of the agency's applications concluded
 * before `before`, keeping what table 三 counts; marks them erased today and
 * audits the run ("retention", "erase_personal"). *n: how many. */
int store_app_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor, int64_t *n, err *e);
/* The same for the 互动交流 registers (src/store/engage.c): the personal
 * fields (name, phone, e-mail, contact) of messages closed, suggestions
 * replied to and comments received before `before` are erased, the codes,
 * dates and states the year's counts need stay; n[] gets the rows of each
 * register (messages, suggestions, comments), one audit row per register
 * that had any, in one transaction. */
#define STORE_ENG_SEALED 3
int store_eng_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor,
                        int64_t n[STORE_ENG_SEALED], err *e);
/* 三员分立: every active account holding admin, security or auditor, ordered
 * by name (a person with two accounts holding two roles comes together);
 * the strings are valid during the call. */
int store_duty_holders(store_t *s, int (*fn)(const char *login, const char *name, const char *role, void *),
                       void *arg, err *e);

#endif
