/*
 * store/fts5 — plugs the gongkai tokenizer (src/search) into SQLite FTS5.
 * To be folded into store.h by the store module; until then this header
 * declares it. Tables use it as:  CREATE VIRTUAL TABLE t USING fts5(...,
 * tokenize = 'gongkai')  and are queried with the MATCH expression that
 * search_query_parse() builds (bound as a parameter).
 */
#ifndef GONGKAI_STORE_FTS5_H
#define GONGKAI_STORE_FTS5_H

#include <sqlite3.h>

#include "base/base.h"

/* Name under which the tokenizer is registered. */
#define STORE_FTS5_TOKENIZER "gongkai"

/* Registers the "gongkai" tokenizer on db (once per connection, before any
 * FTS5 table that uses it is read or written). Returns 0, or GK_EIO with a
 * message when this SQLite has no FTS5. */
int store_fts5_register(sqlite3 *db, err *e);

#endif
