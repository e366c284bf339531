/* store — what doc.c and doc_search.c share (private to src/store/). */
#ifndef GONGKAI_STORE_DOC_INTERNAL_H
#define GONGKAI_STORE_DOC_INTERNAL_H

#include "publish/publish.h"
#include "store/store_internal.h"

/* Keeps the full-text index in step with a document just written: a
 * published document is (re)indexed, any other taken out. SQLite only; the
 * PostgreSQL backend searches without an index (see doc_search.c). */
int store_doc_fts_sync(store_t *s, const struct doc *d, err *e);

#endif
