/* Shared helpers for gongkai's unit tests. */
#ifndef GONGKAI_TESTUTIL_H
#define GONGKAI_TESTUTIL_H

#include "store/store.h"

/* Opens a fresh, empty, migrated store: a SQLite file in a new temporary
 * directory, or — when $GONGKAI_TEST_PG holds a PostgreSQL conninfo (set by
 * tests/e2e/pg.sh) — that database with its public schema emptied first.
 * Returns 0 or -1. */
int tu_store_open(store_t **out);
/* Closes it and removes the temporary directory. */
void tu_store_close(store_t *s);
/* The target tu_store_open used last (file path or conninfo). */
const char *tu_store_target(void);

#endif
