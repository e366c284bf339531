/*
 * store/fts5 — the gongkai tokenizer as an SQLite FTS5 tokenizer. Documents
 * are tokenized with search_tokenize (grams colocated at each character's
 * position); query strings with search_term_tokens (one phrase per quoted
 * string), so MATCH '"低保户"' and the expression search_query_parse builds
 * give the same phrase. The only SQLite-aware part of search.
 */
#include "store/fts5.h"

#include "search/search.h"

/* The tokenizer keeps no state: the handle only has to be non-NULL. */
static int gk_fts5_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)argv;
    if (argc > 0)
        return SQLITE_ERROR;     /* it takes no options */
    static int handle;
    *out = (Fts5Tokenizer *)&handle;
    return SQLITE_OK;
}

static void gk_fts5_delete(Fts5Tokenizer *t)
{
    (void)t;
}

typedef struct fts5_cb {
    void *ctx;
    int (*x_token)(void *, int, const char *, int, int, int);
} fts5_cb;

static int to_fts5(void *ctx, const char *text, size_t len, bool colocated, size_t start,
                   size_t end)
{
    fts5_cb *cb = ctx;
    return cb->x_token(cb->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, text, (int)len,
                       (int)start, (int)end);
}

static int gk_fts5_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                            int (*x_token)(void *, int, const char *, int, int, int))
{
    (void)t;
    fts5_cb cb = {ctx, x_token};
    if (n <= 0)
        return SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY)
        return search_term_tokens(text, (size_t)n, to_fts5, &cb);
    return search_tokenize(text, (size_t)n, to_fts5, &cb);
}

int store_fts5_register(sqlite3 *db, err *e)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return err_set(e, GK_EIO, "sqlite", "this SQLite has no FTS5: %s", sqlite3_errmsg(db));
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api)
        return err_set(e, GK_EIO, "sqlite", "this SQLite has no FTS5 API");
    static fts5_tokenizer tok = {gk_fts5_create, gk_fts5_delete, gk_fts5_tokenize};
    int rc = api->xCreateTokenizer(api, STORE_FTS5_TOKENIZER, NULL, &tok, NULL);
    if (rc != SQLITE_OK)
        return err_set(e, GK_EIO, "sqlite", "cannot register the %s tokenizer: %s",
                       STORE_FTS5_TOKENIZER, sqlite3_errstr(rc));
    return 0;
}
