/*
 * A deterministic corpus of government documents and a query set for them,
 * shared by the search recall test (tests/unit/test_search.c) and the search
 * benchmark (bench/search_bench.c). Document i depends only on (seed, i), so
 * any document can be regenerated alone; publication dates grow with i.
 */
#ifndef GONGKAI_SEARCH_CORPUS_H
#define GONGKAI_SEARCH_CORPUS_H

#include "base/base.h"

typedef struct corpus_doc {
    buf title, docno, body;
    gk_day published;
} corpus_doc;

void corpus_doc_init(corpus_doc *d);
void corpus_doc_free(corpus_doc *d);
/* Fills d with document i of a corpus of ndocs documents. */
void corpus_doc_make(corpus_doc *d, uint64_t seed, size_t i, size_t ndocs);

/* A query set: hand-written realistic queries (Chinese words of one and two
 * characters, phrases, document numbers, years, ASCII words, full-width
 * forms, numbers inside numbers, queries that match nothing, several
 * terms), then substrings of 1 to 8 characters taken from random documents
 * of the corpus, up to `count` in all. Returns a NULL-terminated array;
 * free with corpus_queries_free. */
char **corpus_queries(uint64_t seed, size_t ndocs, size_t count);
void corpus_queries_free(char **q);

#endif
