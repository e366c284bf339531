/*
 * search — gongkai's own tokenizer for full-text search of published
 * documents, the query parser that turns what a citizen types into an FTS5
 * MATCH expression, and the snippet/highlight helper of the portal and
 * `doc search`. Pure C, no I/O, no SQLite (src/store/fts5.c plugs the
 * tokenizer into SQLite FTS5; PostgreSQL can store the same tokens).
 *
 * The promise to users: a query of one or more Chinese characters, ASCII
 * words or numbers finds exactly the documents that contain it as a
 * substring, after folding (full-width to half-width, ASCII case, the folds
 * of utf8_fold_cp). "低保" finds "最低保障", "018" finds "2018", "149号"
 * finds "驻民文〔2018〕149号" and not "1149号" only by being a substring of
 * it — which it is, so it does: plain substring semantics, no word
 * boundaries. Several terms are ANDed.
 *
 * How (see docs in search.c for the measurements that chose it):
 *   - The folded text is a sequence of characters; every character is one
 *     token position.
 *   - At a Han character's position the tokenizer emits the bigram of it and
 *     the next character when that one is Han too, and the character alone
 *     (colocated).
 *   - At a character of a run of ASCII letters/digits it emits the 4-, 3-,
 *     2- and 1-character grams that start there and stay inside the run
 *     (colocated; the longest first).
 *   - Any other character (punctuation, spaces, kana, ...) is a 1-gram.
 *   Every token t at position p thus means "the text at p starts with t".
 *   A query term becomes the phrase of the longest such grams at
 *   consecutive positions until the term is covered; FTS5 phrase matching
 *   (consecutive positions) is then exactly substring matching.
 */
#ifndef GONGKAI_SEARCH_H
#define GONGKAI_SEARCH_H

#include "base/base.h"

/* Longest gram emitted inside a run of ASCII letters and digits. */
#define SEARCH_ASCII_GRAM 4
/* Limits on what a query may hold (GK_EINVAL beyond them). */
#define SEARCH_MAX_QUERY_BYTES 1024
#define SEARCH_MAX_TERMS 16

/* One token. text/len: the folded token (not NUL-terminated). colocated:
 * true when the token shares the position of the token before it. start/end:
 * byte offsets of the characters it covers in the text given to the
 * tokenizer (before folding). Return 0 to go on, anything else to stop: the
 * tokenizer then returns that value. */
typedef int (*search_token_fn)(void *ctx, const char *text, size_t len, bool colocated,
                               size_t start, size_t end);

/* Tokenizes a document's text (any bytes; invalid UTF-8 bytes are tokens of
 * their own). Returns 0 or the callback's non-zero value. */
int search_tokenize(const char *text, size_t n, search_token_fn fn, void *ctx);

/* Tokenizes one query term into its phrase: one token per position, never
 * colocated. A term that is a single token yields that same token, so
 * feeding a token back in is harmless. An empty term yields nothing. */
int search_term_tokens(const char *term, size_t n, search_token_fn fn, void *ctx);

/* The folding both sides use: utf8_fold_cp, then ASCII A-Z to a-z. Returns a
 * newly allocated string (invalid bytes kept as they are). */
char *search_fold(const char *s, size_t n);

/* ---- queries ----------------------------------------------------------- */
/* What a citizen types: terms separated by white space (all must match),
 * "double-quoted phrases" may hold spaces; full-width quotes and spaces are
 * folded first. */
typedef struct search_query {
    char *match;     /* FTS5 MATCH expression over gongkai tokens; bind it */
    size_t nterms;
    char **terms;    /* the folded terms, in the order typed, duplicates removed */
} search_query;

/* Parses q. An empty query (nothing but spaces and quotes), one longer than
 * SEARCH_MAX_QUERY_BYTES or with more than SEARCH_MAX_TERMS terms, or one
 * that is not UTF-8, is GK_EINVAL with a message for the user. */
int search_query_parse(const char *q, search_query *out, err *e);
void search_query_free(search_query *q);

/* True when the folded text contains every term of q (the plain substring
 * check the index answers; useful to verify and to test). */
bool search_text_matches(const char *text, size_t n, const search_query *q);

/* Appends text to out, HTML-escaped, with every occurrence of a query term
 * (compared folded) wrapped in <mark>...</mark>. */
void search_highlight(buf *out, const char *text, size_t n, const search_query *q);

/* Like search_highlight, but only a window of about `width` characters
 * around the first occurrence of a term (the start of the text if none),
 * with "…" where text was cut. width 0 means the whole text. */
void search_snippet(buf *out, const char *text, size_t n, const search_query *q, size_t width);

#endif
