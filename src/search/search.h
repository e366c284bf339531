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
 * finds both "驻民文〔2018〕149号" and "1149号" (it is a substring of both),
 * "2018年" does not find "〔2018〕": plain substring semantics, no word
 * boundaries, no guessing. Several terms are ANDed.
 *
 * How (the head of search.c has the measurements that chose it):
 *   - The folded text is a sequence of characters; every character is one
 *     token position.
 *   - At a Han character's position the tokenizer emits the bigram of it and
 *     the next character when that one is Han too, and the character alone
 *     (colocated: FTS5_TOKEN_COLOCATED, the same position).
 *   - At a character of a run of ASCII letters/digits it emits the 4-, 3-,
 *     2- and 1-character grams that start there and stay inside the run
 *     (colocated; the longest first).
 *   - Any other character (punctuation, spaces, kana, ...) is a 1-gram.
 *   Every token t at position p thus means "the text at p starts with t".
 *   A query term becomes the phrase of the longest such grams at
 *   consecutive positions until the term is covered; FTS5 phrase matching
 *   (consecutive positions) is then exactly substring matching: each token
 *   pins the characters it spans, the phrase pins every character of the
 *   term at consecutive positions, and since every character of the text
 *   has a position, consecutive positions are consecutive characters.
 *
 * PostgreSQL uses the same tokens without positions (src/store/
 * doc_search.c): a tsvector of the document's distinct tokens under a GIN
 * index finds the documents holding every token of a term, and the term is
 * then checked as a substring (tsvector positions stop at 16383, too few
 * for long documents, so no phrase matching is asked of PostgreSQL).
 */
#ifndef GONGKAI_SEARCH_H
#define GONGKAI_SEARCH_H

#include "base/base.h"

/* Longest gram emitted inside a run of ASCII letters and digits, and inside
 * a run of Han characters. */
#define SEARCH_ASCII_GRAM 4
#ifndef SEARCH_HAN_GRAM
#define SEARCH_HAN_GRAM 2
#endif
/* Limits on what a query may hold (GK_EINVAL beyond them). */
#define SEARCH_MAX_QUERY_BYTES 1024
#define SEARCH_MAX_TERMS 16
/* Longest string whose document count is kept (see "frequent strings"). */
#define SEARCH_GRAM_MAX_CHARS 32

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

/* The folded characters of s as code points, one per token position (an
 * invalid byte b is 0x80000000 | b). out has room for n entries; returns
 * how many were written. */
size_t search_fold_cps(const char *s, size_t n, uint32_t *out);

/* ---- queries ----------------------------------------------------------- */
/* What a citizen types: terms separated by white space (all must match),
 * "double-quoted phrases" may hold spaces; full-width quotes and spaces are
 * folded first. */
typedef struct search_query {
    char *match;     /* FTS5 MATCH expression over gongkai tokens; bind it */
    size_t nterms;
    char **terms;    /* the folded terms, in the order typed, duplicates removed */
    char ***alts;    /* NULL, or per term NULL or a NULL-terminated list of the
                      * other forms the synonym dictionary gives it (folded);
                      * a term matches when it or one of its forms occurs */
} search_query;

/* Parses q. An empty query (nothing but spaces and quotes), one longer than
 * SEARCH_MAX_QUERY_BYTES or with more than SEARCH_MAX_TERMS terms, or one
 * that is not UTF-8, is GK_EINVAL with a message for the user. */
int search_query_parse(const char *q, search_query *out, err *e);
void search_query_free(search_query *q);
/* Rebuilds q->match from q->terms and q->alts (after changing them). */
void search_query_rematch(search_query *q);

/* ---- synonyms and abbreviations ------------------------------------------
 * What people type is often the short form (低保) of what documents say
 * (最低生活保障). A dictionary of groups of forms that mean the same thing is
 * applied at query time: a term equal (folded) to a form of a group also
 * matches every other form of that group, so totals stay exact for what was
 * matched. The text: one group a line, forms separated by spaces, tabs or
 * "↔", "#" starts a comment. gongkai ships data/search-synonyms.txt; each
 * agency may keep its own (store.h, store_synonyms_*). */
#define SEARCH_SYN_MAX_BYTES (64 * 1024)
#define SEARCH_SYN_MAX_GROUPS 2000
#define SEARCH_SYN_MAX_FORMS 16     /* forms in one group */
#define SEARCH_SYN_MAX_CHARS 32     /* characters in one form */

typedef struct search_synonyms search_synonyms;

/* Parses a dictionary. Refuses (GK_EINVAL, the line named) a text over
 * SEARCH_SYN_MAX_BYTES, with a NUL byte or invalid UTF-8, a group of one
 * form or of more than SEARCH_SYN_MAX_FORMS, a form longer than
 * SEARCH_SYN_MAX_CHARS characters, more than SEARCH_SYN_MAX_GROUPS groups.
 * *out is the caller's, freed with search_synonyms_free. */
int search_synonyms_parse(const char *text, size_t n, search_synonyms **out, err *e);
void search_synonyms_free(search_synonyms *syn);
size_t search_synonyms_groups(const search_synonyms *syn);
/* The dictionary gongkai ships (data/search-synonyms.txt): static text. */
const char *search_synonyms_shipped(size_t *n);
/* Gives each term of q the other forms of the groups it belongs to and
 * rebuilds q->match so that each term is an OR of its forms. syn may be
 * NULL (nothing changes). */
void search_query_expand(search_query *q, const search_synonyms *syn);

/* ---- "did you mean" -------------------------------------------------------
 * When a term finds nothing, the strings of the documents' own titles that
 * are within a small edit distance of it (1; 2 for terms of 6 characters
 * or more), counted once per document, propose a correction: the nearest,
 * then the one of the term's own length, then the one in most documents. */
#define SEARCH_SUGGEST_MAX_CANDIDATES 4096
typedef struct search_suggester search_suggester;
/* term: folded (search_fold). NULL when the term is too short (one
 * character) or too long (SEARCH_GRAM_MAX_CHARS) to correct. */
search_suggester *search_suggester_new(const char *term);
/* One document's text (e.g. its title), any bytes. */
void search_suggester_add(search_suggester *sg, const char *text, size_t n);
/* The best candidate (malloc'ed, caller frees) or NULL. */
char *search_suggester_best(const search_suggester *sg);
void search_suggester_free(search_suggester *sg);

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

/* ---- frequent strings: exact document counts without walking doclists ---
 * The portal shows the exact number of documents a search finds. For a
 * string in hundreds of thousands of documents ("关于", "最低生活保障",
 * "www.zmd.gov.cn") FTS5 can only count by walking every hit, tens of
 * milliseconds on a million documents. gongkai therefore keeps, beside the
 * index, the exact document count of every string (up to
 * SEARCH_GRAM_MAX_CHARS characters, inside one field, compared folded) that
 * occurs in at least a threshold of documents: a one-term search for such a
 * string reads its count in one lookup; anything rarer is counted by FTS5,
 * which is fast for rare strings.
 *
 * The set of strings is mined from a sample of the documents, level by level
 * (a string can be frequent only when its prefix and its suffix are), then
 * counted exactly over every document; from then on each document added or
 * removed adds or removes 1 for each kept string it contains, so the counts
 * stay exact whatever the set. Strings are kept as a trie of folded code
 * points (every prefix of a kept string is kept). Pure computation, no I/O. */

typedef struct search_grams search_grams;

search_grams *search_grams_new(void);
void search_grams_free(search_grams *g);
/* Number of strings held. */
size_t search_grams_size(const search_grams *g);
/* Adds a string (folded UTF-8, as search_fold gives) with its count, when
 * every proper prefix of it is held already (load them shortest first).
 * Returns 0, or -1 when a prefix is missing or the string is empty, longer
 * than SEARCH_GRAM_MAX_CHARS or not UTF-8. */
int search_grams_add(search_grams *g, const char *gram, size_t len, int64_t docs);
/* The count of a folded term, or -1 when the term is not held. */
int64_t search_grams_lookup(const search_grams *g, const char *term, size_t len);

/* One document: its fields as FTS5 sees them (a string never spans two). */
typedef struct search_fields {
    const char *const *text;
    const size_t *len;
    size_t n;
} search_fields;

/* Adds delta to the count of every held string the document contains (once
 * per document, however often it occurs). When fn is not NULL it is called
 * for each of them with its folded text; a non-zero return stops the walk
 * and is returned. */
typedef int (*search_gram_fn)(void *ctx, const char *gram, size_t len, int64_t docs);
int search_grams_doc(search_grams *g, const search_fields *doc, int delta, search_gram_fn fn, void *ctx);
/* Sets every count to 0 (before counting every document afresh). */
void search_grams_zero(search_grams *g);
/* Calls fn for every held string with a count of at least min_docs,
 * shorter strings first (so search_grams_add can load them back). */
int search_grams_each(const search_grams *g, int64_t min_docs, search_gram_fn fn, void *ctx);

/* Mining: feed the sample, then search_miner_finish gives the strings found
 * in at least min_docs documents of the sample (their counts are the
 * sample's; count the whole collection afterwards). */
typedef struct search_miner search_miner;
search_miner *search_miner_new(void);
void search_miner_add(search_miner *m, const search_fields *doc);
/* Documents and characters fed so far. */
size_t search_miner_docs(const search_miner *m);
size_t search_miner_chars(const search_miner *m);
search_grams *search_miner_finish(search_miner *m, int64_t min_docs);
void search_miner_free(search_miner *m);

/* How gongkai mines a collection of ndocs documents of text_bytes bytes in
 * all: keep the strings found in at least plan.min_docs documents (a
 * thousandth of the collection, at least SEARCH_GRAM_MIN_DOCS), mining every
 * plan.stride-th document (about SEARCH_GRAM_SAMPLE_BYTES of text) with the
 * threshold scaled to the sample and halved so that strings near it are not
 * missed. A string missed is only counted the slow way; no count is ever
 * wrong. */
#define SEARCH_GRAM_MIN_DOCS 20
#define SEARCH_GRAM_SAMPLE_BYTES (8u << 20)
typedef struct search_gram_plan {
    size_t stride;
    int64_t min_docs, sample_min_docs;
} search_gram_plan;
search_gram_plan search_grams_plan(size_t ndocs, size_t text_bytes);

#endif
