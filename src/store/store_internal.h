/* store — the store handle, shared by the store's files (private to src/store/). */
#ifndef GONGKAI_STORE_INTERNAL_H
#define GONGKAI_STORE_INTERNAL_H

#include "store/db.h"
#include "store/seal_internal.h"
#include "store/store.h"

struct search_grams;
struct app;

struct store_t {
    db *db;
    /* The frequent strings of doc_gram as a trie, to find those a document
     * holds when it enters or leaves the index (doc_search.c); loaded on
     * first use, again when doc_gram_info.version moves. */
    struct search_grams *grams;
    int64_t grams_version;
    /* The transaction grams was loaded in (db_tx_gen), 0 once it is known
     * to have committed: loaded in one that rolled back, it is dropped. */
    uint64_t grams_tx;
    /* Inside store_doc_index_bulk_begin/_end (an import): grams holds, in
     * place of the kept counts, what the documents indexed so far add to
     * them, written once at the end (doc_search.c). */
    bool grams_bulk;
    int64_t grams_bulk_docs;
    int64_t grams_bulk_agency;   /* whose documents the import brings */
    /* Opened on a standby (store_open_replica): nothing is written, not
     * even what a search fills in by the way (doc_search.c). */
    bool read_only;
    /* The keys (seal_internal.h): loaded by store_open, never NULL after it. */
    struct seal_keys *keys;
    /* The audit checkpoint file (audit.c); "" for an in-memory database. */
    char checkpoints[1024];
};

/* Whether a store target names a PostgreSQL server (watch.c). */
bool store_target_is_pg(const char *target);

/* ---- sealing personal data (sealed.c) ---- */

enum { SEALED_NAME, SEALED_ID, SEALED_PHONE, SEALED_EMAIL, SEALED_ADDRESS, SEALED_N };
/* An application's personal fields as stored: sealed text, the key id and
 * the lookup hashes. Freed with store_sealed_free. */
struct store_sealed {
    buf f[SEALED_N];
    int key;
    char phone_hash[SEAL_HASH_HEX], who_hash[SEAL_HASH_HEX];
};
int store_seal_app(store_t *s, const struct app *a, struct store_sealed *out, err *e);
void store_sealed_free(struct store_sealed *sv);
/* Keyed hash of a phone's digits ("" for no digits: matches nothing). */
void store_phone_hash(store_t *s, const char *digits, char out[SEAL_HASH_HEX]);
/* Keyed hash of the applicant for the fee by count: the ID number, or with
 * none the name and the phone's digits. */
void store_who_hash(store_t *s, const struct app *a, char out[SEAL_HASH_HEX]);
/* Loads the keys for target (store_open), checks they are this database's,
 * seals rows left clear and chains audit rows left unchained. */
int store_keys_setup(store_t *s, const char *target, err *e);
/* The key a rate event of kind is kept under: a keyed hash for kinds whose
 * key is personal data (out), else key itself. */
const char *store_rate_key(store_t *s, const char *kind, const char *key, char out[SEAL_HASH_HEX]);
/* The 互动交流 registers' sealed rows (engage.c): re-seals up to limit
 * rows of the first register with rows not under the current key (*done:
 * how many, 0 when every register is current); the rows by key; whether
 * any row is still clear text. */
int store_eng_reseal(store_t *s, int limit, int64_t *done, err *e);
int store_eng_seal_count(store_t *s, int current, struct store_seal_tally *out, err *e);
int store_eng_has_clear(store_t *s, bool *any, err *e);
/* Chains audit rows with no hash yet (rows from before migration 016). */
int store_audit_chain_pending(store_t *s, err *e);

/* The mails a step of an application owes (mail.c), inside the step's
 * transaction: event is the app_events[] code or "register". */
int store_mail_on_step(store_t *s, const struct app *a, const char *event, err *e);

/* Copies a text column into a fixed-size field, truncating safely. */
void store_copy_col(db_stmt *st, int col, char *dst, size_t cap);
/* Current local time as "YYYY-MM-DDTHH:MM:SS" ($GONGKAI_NOW overrides, for tests). */
void store_now(char out[32]);
/* A new public follow-up code, XXXX-XXXX-XXXX (60 random bits). */
int store_new_tracking(char out[16], err *e);
/* A day as a bound parameter (NULL for 0) and a date column read back (0
 * for NULL or a text that is no date). */
void store_bind_date(db_stmt *st, int i, gk_day d);
gk_day store_col_date(db_stmt *st, int c);
/* Runs fn(s, arg, e) in one transaction: all of it is kept, or nothing when fn
 * or the commit fails. */
int store_in_txn(store_t *s, int (*fn)(store_t *, const void *, err *), const void *arg, err *e);

/* Ends what store_begin opened: rolled back when rc is non-zero (rc
 * returned), else committed (the commit's result returned). */
int store_end(store_t *s, int rc, err *e);
/* store_end for a save that bumps a version: a non-zero rc rolls back (a
 * positive one becomes GK_EIO); once committed, *version = was + 1. */
int store_end_save(store_t *s, int rc, int *version, int was, err *e);
/* An audit row (store_audit_add) whose before (NULL: none) and after are
 * written as JSON by json. */
int store_audit_pair(store_t *s, int64_t agency_id, const char *actor, const char *entity, int64_t entity_id,
                     const char *action, void (*json)(const void *, buf *), const void *before, const void *after,
                     err *e);
/* An audit row whose before (NULL: none) and after are {"<key>": value}. */
int store_audit_field(store_t *s, int64_t agency_id, const char *actor, const char *entity, int64_t entity_id,
                      const char *action, const char *key, const char *before, const char *after, err *e);
/* The first and last days of `year` as "YYYY-MM-DD". */
void store_year_bounds(int year, char first[11], char last[11]);

/* A line of an application's history (app_step), inside the caller's
 * transaction (app.c; chain.c keeps its steps there too). */
int store_app_step_add(store_t *s, const struct app *a, const char *actor, const char *event, gk_day on,
                       const char *summary, const char *now, err *e);
/* Reads a row of the agency columns (store.c's AGENCY_COLS, tree.c's
 * AGENCY_TREE_COLS) into a struct store_agency (depth 0). */
void store_agency_row(db_stmt *st, void *arg);

/* The gate of the answer (chain.c), inside store_app_save's transaction:
 * the approved draft must be the reply given; the chain becomes issued. */
int store_chain_issue_tx(store_t *s, const struct app *after, err *e);

/* Refuses (GK_ESTATE) publishing a document whose register row says it is
 * not 主动公开, or has a change of attribute under review (doc_register.c). */
int store_doc_reg_may_publish(store_t *s, int64_t doc_id, err *e);

#endif
