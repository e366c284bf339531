/* store — the store handle, shared by the store's files (private to src/store/). */
#ifndef GONGKAI_STORE_INTERNAL_H
#define GONGKAI_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct store_t {
    db *db;
};

/* Copies a text column into a fixed-size field, truncating safely. */
void store_copy_col(db_stmt *st, int col, char *dst, size_t cap);
/* Current local time as "YYYY-MM-DDTHH:MM:SS" ($GONGKAI_NOW overrides, for tests). */
void store_now(char out[32]);

#endif
