/* Shared helpers for gongkai's unit tests. */
#ifndef GONGKAI_TESTUTIL_H
#define GONGKAI_TESTUTIL_H

#include "store/store.h"

/* Opens a fresh, empty, migrated store: a SQLite file in a new temporary
 * directory, or — when $GONGKAI_TEST_PG holds a PostgreSQL conninfo (set by
 * tests/e2e/pg.sh) — a new database gk_case_PID there (its key file and
 * checkpoints in a new temporary directory, $GONGKAI_KEY_FILE and
 * $GONGKAI_AUDIT_CHECKPOINTS set to them). The first call migrates a template
 * store for real; each call copies it (the SQLite file and its key file, or
 * CREATE DATABASE ... TEMPLATE), which is what a fresh migrated store holds.
 * The template is removed at exit. Returns 0 or -1. */
int tu_store_open(store_t **out);
/* Closes it and removes the temporary directory. */
void tu_store_close(store_t *s);
/* The target tu_store_open used last (file path or conninfo). */
const char *tu_store_target(void);

/* The handling chain before an answer (issue 18): assigns a to "经办人" (by
 * "公开办", role office), drafts the reply (outcome, detail, refer) as the
 * handler and approves it as "分管领导" (role leader), each step dated `on`
 * (0: a->last_step), through the domain and the store. Returns 0, or the
 * first error with e filled. */
int tu_chain_approve(store_t *s, const struct app *a, const char *outcome, const char *detail, const char *refer,
                     gk_day on, err *e);

#endif
