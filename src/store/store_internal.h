/* store — the store handle, shared by the store's files (private to src/store/). */
#ifndef GONGKAI_STORE_INTERNAL_H
#define GONGKAI_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct search_grams;

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
};

/* Copies a text column into a fixed-size field, truncating safely. */
void store_copy_col(db_stmt *st, int col, char *dst, size_t cap);
/* Current local time as "YYYY-MM-DDTHH:MM:SS" ($GONGKAI_NOW overrides, for tests). */
void store_now(char out[32]);
/* A new public follow-up code, XXXX-XXXX-XXXX (60 random bits). */
int store_new_tracking(char out[16], err *e);

#endif
