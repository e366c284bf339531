/* Unit tests for search: the tokenizer, the query parser, highlighting, the
 * FTS5 tokenizer on small hand-made cases, and the recall test — a generated
 * corpus (20,000 documents unless $GONGKAI_SEARCH_RECALL_DOCS says
 * otherwise; it was 100,000 before issue 14 cut make test's time: the
 * checks are the same, and the frequent terms' doclists still span many
 * pages and segments) where every query of the query set must return
 * exactly the documents a plain substring scan of the folded text finds,
 * and every one-term query the frequent strings hold counts what the scan
 * counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/base.h"
#include "search/search.h"
#include "store/fts5.h"
#include "../../bench/search_corpus.h"

/* ---- the tokenizer ------------------------------------------------------ */

/* Renders tokens as [pos-token|colocated|...][next position]... */
static int render(void *ctx, const char *t, size_t len, bool coloc, size_t s, size_t e)
{
    buf *b = ctx;
    if (coloc) {
        buf_putc(b, '|');
    } else {
        if (b->len)
            buf_putc(b, ']');
        buf_putc(b, '[');
    }
    buf_append(b, t, len);
    return 0;
}

static char *tokens_of(const char *text, bool term)
{
    buf b;
    buf_init(&b);
    if (term)
        search_term_tokens(text, strlen(text), render, &b);
    else
        search_tokenize(text, strlen(text), render, &b);
    if (b.len)
        buf_putc(&b, ']');
    else
        buf_puts(&b, "");
    return buf_detach(&b);
}

static void test_tokenize_documents(void **state)
{
    (void)state;
    static const struct { const char *text, *tokens; } cases[] = {
        /* Han: bigram with the next Han character, and the character itself. */
        {"低保户", "[低保|低][保户|保][户]"},
        {"低保，户", "[低保|低][保,|保][,户|,][户]"},
        /* ASCII letters/digits: 4..1-grams that stay inside the run. */
        {"2018年", "[2018|201|20|2][018|01|0][18|1][8年|8][年]"},
        {"149号", "[149|14|1][49|4][9号|9][号]"},
        /* Folding: full-width to half-width, case, 〔〕 to []. */
        {"〔２０１８〕", "[[2|[][2018|201|20|2][018|01|0][18|1][8]|8][]]"},
        {"GB/T", "[gb|g][b/|b][/t|/][t]"},
        {"Ａb c", "[ab|a][b |b][ c| ][c]"},
        /* Other characters are 1-grams; invalid bytes are tokens of their own. */
        {"の\xff", "[の\xff|の][\xff]"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tokens_of(cases[i].text, false);
        if (strcmp(got, cases[i].tokens) != 0)
            fail_msg("tokenize(%s): got %s, want %s", cases[i].text, got, cases[i].tokens);
        free(got);
    }
}

static void test_term_tokens(void **state)
{
    (void)state;
    static const struct { const char *term, *tokens; } cases[] = {
        {"低", "[低]"},
        {"低保", "[低保]"},
        {"低保户", "[低保][保户]"},
        {"最低生活保障", "[最低][低生][生活][活保][保障]"},
        {"2018", "[2018]"},
        {"018", "[018]"},
        {"20180", "[2018][0180]"},
        {"149号", "[149][49][9号]"},
        {"号2", "[号2]"},
        {"低保2018", "[低保][保2][2018]"},
        {"[2018]", "[[2][2018][018][18][8]]"},
        {"ＰＤＦ", "[pdf]"},
        {"a b", "[a ][ b]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = tokens_of(cases[i].term, true);
        if (strcmp(got, cases[i].tokens) != 0)
            fail_msg("term(%s): got %s, want %s", cases[i].term, got, cases[i].tokens);
        free(got);
    }
}

/* Every token the document tokenizer emits, fed back as a term, is that one
 * token: MATCH expressions built from tokens mean what they say. */
static int check_roundtrip(void *ctx, const char *t, size_t len, bool coloc, size_t s, size_t e)
{
    char *tok = xstrndup(t, len);
    char *again = tokens_of(tok, true);
    buf want;
    buf_init(&want);
    buf_printf(&want, "[%s]", tok);
    if (strcmp(again, want.data) != 0)
        fail_msg("token %s comes back as %s", tok, again);
    buf_free(&want);
    free(again);
    free(tok);
    (*(int *)ctx)++;
    return 0;
}

static void test_tokens_roundtrip(void **state)
{
    (void)state;
    const char *text = "驻民文〔2018〕149号 关于做好ＧＢ/T 28827-2012最低生活保障工作的通知“低保”\xfe";
    int count = 0;
    assert_int_equal(search_tokenize(text, strlen(text), check_roundtrip, &count), 0);
    assert_true(count > 40);
}

typedef struct offs { size_t s[16], e[16]; int n; } offs;

static int record_offsets(void *ctx, const char *t, size_t len, bool coloc, size_t s, size_t e)
{
    offs *o = ctx;
    if (o->n < 16) {
        o->s[o->n] = s;
        o->e[o->n] = e;
        o->n++;
    }
    return o->n == 3 ? 7 : 0;     /* stop after three tokens */
}

static void test_offsets_and_stop(void **state)
{
    (void)state;
    /* Ａ (3 bytes) 1 低 保: offsets are in the original, unfolded text. */
    const char *text = "Ａ1低保";
    offs o = {0};
    assert_int_equal(search_tokenize(text, strlen(text), record_offsets, &o), 7);
    assert_int_equal(o.n, 3);
    assert_int_equal(o.s[0], 0);  /* "a1" covers Ａ1 */
    assert_int_equal(o.e[0], 4);
    assert_int_equal(o.s[1], 0);  /* "a" */
    assert_int_equal(o.e[1], 3);
    assert_int_equal(o.s[2], 3);  /* "1低" */
    assert_int_equal(o.e[2], 7);
    char *f = search_fold("ＡＢ〔２０１８〕Word", strlen("ＡＢ〔２０１８〕Word"));
    assert_string_equal(f, "ab[2018]word");
    free(f);
}

/* ---- queries ------------------------------------------------------------ */

static void test_query_parse(void **state)
{
    (void)state;
    static const struct { const char *q, *match, *terms; } cases[] = {
        {"低保户", "\"低保\" + \"保户\"", "低保户"},
        {"149号", "\"149\" + \"49\" + \"9号\"", "149号"},
        {"  低保　２０１８ ", "\"低保\" AND \"2018\"", "低保|2018"},
        {"\"最低 生活\"", "\"最低\" + \"低 \" + \" 生\" + \"生活\"", "最低 生活"},
        {"“低保 户”", "\"低保\" + \"保 \" + \" 户\"", "低保 户"},
        {"低保 低保 ＰＤＦ", "\"低保\" AND \"pdf\"", "低保|pdf"},
        {"a\"b c", "\"a\" AND \"b \" + \" c\"", "a|b c"},
        {"驻民文〔2018〕", "\"驻民\" + \"民文\" + \"文[\" + \"[2\" + \"2018\" + \"018\" + \"18\" + \"8]\"",
         "驻民文[2018]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        search_query q;
        err e = {0};
        assert_int_equal(search_query_parse(cases[i].q, &q, &e), 0);
        if (strcmp(q.match, cases[i].match) != 0)
            fail_msg("parse(%s): match %s, want %s", cases[i].q, q.match, cases[i].match);
        buf t;
        buf_init(&t);
        for (size_t k = 0; k < q.nterms; k++)
            buf_printf(&t, "%s%s", k ? "|" : "", q.terms[k]);
        if (strcmp(t.data, cases[i].terms) != 0)
            fail_msg("parse(%s): terms %s, want %s", cases[i].q, t.data, cases[i].terms);
        buf_free(&t);
        search_query_free(&q);
    }
}

static void test_query_errors(void **state)
{
    (void)state;
    search_query q;
    err e = {0};
    const char *empty[] = {"", "   ", "\"\"", "　", "“”", "\"\" \"\""};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        assert_int_equal(search_query_parse(empty[i], &q, &e), GK_EINVAL);
        assert_non_null(strstr(e.msg, "empty"));
        assert_null(q.match);
    }
    assert_int_equal(search_query_parse("\" \"", &q, &e), 0);   /* looks for a space */
    assert_string_equal(q.match, "\" \"");
    search_query_free(&q);
    assert_int_equal(search_query_parse("低保\xff", &q, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "UTF-8"));
    char longq[SEARCH_MAX_QUERY_BYTES + 2];
    memset(longq, 'a', sizeof longq - 1);
    longq[sizeof longq - 1] = 0;
    assert_int_equal(search_query_parse(longq, &q, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "longer"));
    buf many;
    buf_init(&many);
    for (int i = 0; i <= SEARCH_MAX_TERMS; i++)
        buf_printf(&many, "t%d ", i);
    assert_int_equal(search_query_parse(many.data, &q, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "terms"));
    assert_null(q.terms);
    buf_free(&many);
}

/* ---- synonyms and suggestions ------------------------------------------- */

static void test_synonyms_parse(void **state)
{
    (void)state;
    static const struct { const char *text; int groups; const char *error; } cases[] = {
        {"", 0, NULL},
        {"# 只有注释\n\n", 0, NULL},
        {"低保 最低生活保障\n特困\t特困人员救助供养 # 注释\n", 2, NULL},
        {"\xEF\xBB\xBF低保↔最低生活保障\r\n医保，医疗保障、医疗保险", 2, NULL},
        {"低保\n", 0, "line 1: a group needs at least two forms"},
        {"低保 最低生活保障\n医保\n", 0, "line 2: a group needs at least two forms"},
        {"甲 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", 0,
         "line 1: a form of 33 characters"},
        {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", 0, "line 1: more than 16 forms"},
        {"低保 最低\xff", 0, "not valid UTF-8 (byte 13)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        search_synonyms *syn;
        err e = {0};
        int rc = search_synonyms_parse(cases[i].text, strlen(cases[i].text), &syn, &e);
        if (cases[i].error) {
            assert_int_equal(rc, GK_EINVAL);
            assert_null(syn);
            if (!strstr(e.msg, cases[i].error))
                fail_msg("case %zu: error '%s', want '%s'", i, e.msg, cases[i].error);
        } else {
            if (rc)
                fail_msg("case %zu: %s", i, e.msg);
            assert_int_equal(search_synonyms_groups(syn), cases[i].groups);
            search_synonyms_free(syn);
        }
    }
    search_synonyms *syn;
    err e = {0};
    assert_int_equal(search_synonyms_parse("低保 最低\0保障", 16, &syn, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "NUL byte at byte 13"));
    buf big;
    buf_init(&big);
    for (int i = 0; i <= SEARCH_SYN_MAX_GROUPS; i++)
        buf_printf(&big, "a%d b%d\n", i, i);
    assert_int_equal(search_synonyms_parse(big.data, big.len, &syn, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "more than 2000 groups"));
    buf_free(&big);
    /* the shipped dictionary parses and holds the field's pairs */
    size_t n;
    const char *t = search_synonyms_shipped(&n);
    assert_int_equal(search_synonyms_parse(t, n, &syn, &e), 0);
    assert_true(search_synonyms_groups(syn) >= 10);
    search_synonyms_free(syn);
}

static void test_query_expand(void **state)
{
    (void)state;
    search_synonyms *syn;
    err e = {0};
    const char *dict = "低保 最低生活保障\n低保 低保户\n社保 社会保险\n";
    assert_int_equal(search_synonyms_parse(dict, strlen(dict), &syn, &e), 0);
    static const struct { const char *q, *match; } cases[] = {
        {"低保", "(\"低保\" OR \"最低\" + \"低生\" + \"生活\" + \"活保\" + \"保障\" OR \"低保\" + \"保户\")"},
        {"ＰＤＦ 社保", "\"pdf\" AND (\"社保\" OR \"社会\" + \"会保\" + \"保险\")"},
        {"低保标准", "\"低保\" + \"保标\" + \"标准\""},   /* whole terms only */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        search_query q;
        assert_int_equal(search_query_parse(cases[i].q, &q, &e), 0);
        search_query_expand(&q, syn);
        if (strcmp(q.match, cases[i].match) != 0)
            fail_msg("expand(%s): %s, want %s", cases[i].q, q.match, cases[i].match);
        search_query_free(&q);
    }
    search_query q;
    assert_int_equal(search_query_parse("低保 标准", &q, &e), 0);
    search_query_expand(&q, syn);
    const char *full = "城市最低生活保障标准";
    const char *other = "城市低收入标准";
    assert_true(search_text_matches(full, strlen(full), &q));
    assert_false(search_text_matches(other, strlen(other), &q));
    buf b;
    buf_init(&b);
    search_highlight(&b, full, strlen(full), &q);
    assert_string_equal(b.data, "城市<mark>最低生活保障标准</mark>");
    buf_free(&b);
    search_query_free(&q);
    search_synonyms_free(syn);
}

static void test_suggester(void **state)
{
    (void)state;
    static const struct { const char *term; const char *titles[4]; const char *best; } cases[] = {
        /* one character wrong: the string of the titles, most documents first */
        {"最低生活保章", {"城乡居民最低生活保障标准", "最低生活保障对象公示", "最低生活保险"}, "最低生活保障"},
        {"低保护", {"低保家庭", "城市低保户名单", "低保户"}, "低保户"},   /* in two documents */
        {"殡仪改葛", {"殡葬改革实施方案", "殡葬管理"}, NULL},   /* two wrong of four: too far */
        {"特困人员救助共养", {"特困人员救助供养标准", "特困人员供养"}, "特困人员救助供养"},
        {"残疾人补帖", {"残疾人两项补贴", "残疾人补贴发放"}, "残疾人补贴"},
        {"pdf", {"附件：申请表 (doc)", "附件 pdc"}, "pdc"},
        {"低", {"低保"}, NULL},   /* one character: no suggestion */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = search_fold(cases[i].term, strlen(cases[i].term));
        search_suggester *sg = search_suggester_new(f);
        free(f);
        for (int k = 0; k < 4 && cases[i].titles[k]; k++)
            search_suggester_add(sg, cases[i].titles[k], strlen(cases[i].titles[k]));
        char *best = search_suggester_best(sg);
        if ((best == NULL) != (cases[i].best == NULL) || (best && strcmp(best, cases[i].best) != 0))
            fail_msg("suggest(%s): %s, want %s", cases[i].term, best ? best : "nothing",
                     cases[i].best ? cases[i].best : "nothing");
        free(best);
        search_suggester_free(sg);
    }
}

static void test_text_matches(void **state)
{
    (void)state;
    search_query q;
    err e = {0};
    assert_int_equal(search_query_parse("低保 2018", &q, &e), 0);
    const char *yes = "驻民文〔２０１８〕149号：城乡低保";
    const char *no = "驻民文〔2019〕149号：城乡低保";
    assert_true(search_text_matches(yes, strlen(yes), &q));
    assert_false(search_text_matches(no, strlen(no), &q));
    search_query_free(&q);
}

static void test_highlight(void **state)
{
    (void)state;
    static const struct { const char *q, *text, *html; size_t width; } cases[] = {
        {"生活保障", "关于做好2018年最低生活保障工作的通知", "关于做好2018年最低<mark>生活保障</mark>工作的通知", 0},
        {"低保", "关于做好2018年最低生活保障工作的通知", "关于做好2018年最低生活保障工作的通知", 0},
        {"低保", "<b>低保</b> & 2018", "&lt;b&gt;<mark>低保</mark>&lt;/b&gt; &amp; 2018", 0},
        {"pdf", "下载ＰＤＦ文件或pdf", "下载<mark>ＰＤＦ</mark>文件或<mark>pdf</mark>", 0},
        {"低保 2018", "2018年低保", "<mark>2018</mark>年<mark>低保</mark>", 0},
        {"保户 低保", "低保户", "<mark>低保户</mark>", 0},
        {"救助", "一二三四五六七八九十救助一二三四五六七八九十", "…九十<mark>救助</mark>一二三四五六…", 10},
        {"无", "一二三四五六七八九十", "一二三四五…", 5},
        {"十", "一二三四五六七八九十", "…六七八九<mark>十</mark>", 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        search_query q;
        err e = {0};
        assert_int_equal(search_query_parse(cases[i].q, &q, &e), 0);
        buf b;
        buf_init(&b);
        if (cases[i].width)
            search_snippet(&b, cases[i].text, strlen(cases[i].text), &q, cases[i].width);
        else
            search_highlight(&b, cases[i].text, strlen(cases[i].text), &q);
        if (strcmp(b.data ? b.data : "", cases[i].html) != 0)
            fail_msg("highlight(%s): got %s, want %s", cases[i].q, b.data, cases[i].html);
        buf_free(&b);
        search_query_free(&q);
    }
}

/* ---- FTS5 --------------------------------------------------------------- */

static sqlite3 *open_fts(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    err e = {0};
    assert_int_equal(store_fts5_register(db, &e), 0);
    assert_int_equal(sqlite3_exec(db,
        "CREATE VIRTUAL TABLE d USING fts5(title, docno, body, tokenize = 'gongkai')",
        NULL, NULL, NULL), SQLITE_OK);
    return db;
}

/* Runs a parsed query; returns the matching rowids, ascending, as "1,4,7". */
static char *fts_ids(sqlite3 *db, const char *query)
{
    search_query q;
    err e = {0};
    assert_int_equal(search_query_parse(query, &q, &e), 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY rowid",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, q.match, -1, SQLITE_STATIC);
    buf b;
    buf_init(&b);
    buf_puts(&b, "");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        buf_printf(&b, "%s%lld", b.len ? "," : "", (long long)sqlite3_column_int64(st, 0));
    if (rc != SQLITE_DONE)
        fail_msg("query %s (%s): %s", query, q.match, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    search_query_free(&q);
    return buf_detach(&b);
}

static void test_fts5_exact_cases(void **state)
{
    (void)state;
    sqlite3 *db = open_fts();
    static const char *const bodies[] = {
        "149号", "1149号", "149 号", "1490号", "驻民文〔2018〕149号", "２０１８年度", "低保户",
        "最低保障", "低保，户", "GB/T 28827-2012", "ＰＤＦ附件", "号2018", "低保户口本",
    };
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, docno, body) VALUES (?1, '', '', ?2)",
                                        -1, &st, NULL), SQLITE_OK);
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(st, 2, bodies[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    static const struct { const char *q, *ids; } cases[] = {
        {"149号", "1,2,5"},
        {"49号", "1,2,5"},
        {"149", "1,2,3,4,5"},
        {"1149", "2"},
        {"490", "4"},
        {"〔2018〕", "5"},
        {"2018", "5,6,12"},
        {"018", "5,6,12"},
        {"2018年", "6"},
        {"号2", "12"},
        {"号", "1,2,3,4,5,12"},
        {"低保", "7,8,9,13"},
        {"低保户", "7,13"},
        {"保户", "7,13"},
        {"户口", "13"},
        {"低保户口本", "13"},
        {"最低", "8"},
        {"低", "7,8,9,13"},
        {"gb/t", "10"},
        {"28827-2012", "10"},
        {"7-2", "10"},
        {"pdf附件", "11"},
        {"pdf 附件", "11"},
        {"\"t 2\"", "10"},
        {"\"9 号\"", "3"},
        {"低保 户", "7,9,13"},
        {"\"低保 户\"", ""},
        {"低保,户", "9"},
        {"qq", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fts_ids(db, cases[i].q);
        if (strcmp(got, cases[i].ids) != 0)
            fail_msg("MATCH %s: got {%s}, want {%s}", cases[i].q, got, cases[i].ids);
        free(got);
    }
    /* highlight() of FTS5 works with the offsets the tokenizer reports. */
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT highlight(d, 2, '<', '>') FROM d WHERE d MATCH '\"ＰＤＦ\"'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "<ＰＤＦ>附件");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_fts5_tokenizer_takes_no_options(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    err e = {0};
    assert_int_equal(store_fts5_register(db, &e), 0);
    assert_int_not_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE x USING fts5(a, tokenize = 'gongkai bigram')",
                                      NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* ---- frequent strings --------------------------------------------------- */

/* A document of up to three fields given as NUL-separated text ("a\0b"). */
static search_fields fields_of(const char *const *f, size_t n, size_t *len)
{
    for (size_t i = 0; i < n; i++)
        len[i] = strlen(f[i]);
    return (search_fields){f, len, n};
}

/* Folded substring counts the slow way: documents with a field holding term. */
static int64_t truth_count(const char *const docs[][2], size_t ndocs, const char *term)
{
    int64_t n = 0;
    for (size_t d = 0; d < ndocs; d++) {
        bool hit = false;
        for (int f = 0; f < 2 && !hit; f++) {
            char *x = search_fold(docs[d][f], strlen(docs[d][f]));
            hit = strstr(x, term) != NULL;
            free(x);
        }
        n += hit;
    }
    return n;
}

static int collect(void *ctx, const char *gram, size_t len, int64_t docs)
{
    buf *b = ctx;
    buf_printf(b, "%.*s=%lld;", (int)len, gram, (long long)docs);
    return 0;
}

static void test_grams_mine_and_count(void **state)
{
    (void)state;
    /* title and body; "保障" spans no field border, Ａ folds to a */
    static const char *const docs[][2] = {
        {"关于低保的通知", "最低生活保障，低保户。"},
        {"低保标准", "城市低保每月600元。"},
        {"关于殡葬改革", "低保户免除基本殡葬费用。"},
        {"关于低保", "Ａ1号"},
        {"通知", "a1号 低保"},
        {"关于", "最低生活保障"},
    };
    const size_t nd = sizeof docs / sizeof docs[0];
    search_miner *m = search_miner_new();
    size_t len[2];
    for (size_t d = 0; d < nd; d++) {
        search_fields f = fields_of(docs[d], 2, len);
        search_miner_add(m, &f);
    }
    assert_int_equal(search_miner_docs(m), nd);
    search_grams *g = search_miner_finish(m, 3);
    search_miner_free(m);
    /* held: what at least 3 documents hold (户 is in 2) */
    static const struct { const char *term; int64_t want; } held[] = {
        {"低", 6}, {"保", 6}, {"低保", 5}, {"关于", 4}, {"关", 4}, {"。", 3}, {"户", 2},
    };
    search_grams_zero(g);
    for (size_t d = 0; d < nd; d++) {
        search_fields f = fields_of(docs[d], 2, len);
        search_grams_doc(g, &f, 1, NULL, NULL);
    }
    for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
        int64_t got = search_grams_lookup(g, held[i].term, strlen(held[i].term));
        int64_t truth = truth_count(docs, nd, held[i].term);
        if (held[i].want >= 3) {
            assert_int_equal(truth, held[i].want);
            if (got != truth)
                fail_msg("%s: held count %lld, documents %lld", held[i].term, (long long)got, (long long)truth);
        } else {
            assert_int_equal(got, -1);   /* in fewer documents than the threshold: not held */
        }
    }
    /* every held string: its count is the number of documents holding it */
    buf all;
    buf_init(&all);
    search_grams_each(g, 0, collect, &all);
    assert_non_null(all.data);
    for (char *p = all.data; *p;) {
        char *eq = strchr(p, '='), *semi = strchr(p, ';');
        *eq = 0;
        long long n = strtoll(eq + 1, NULL, 10);
        if (n != truth_count(docs, nd, p))
            fail_msg("%s: held %lld, documents %lld", p, n, (long long)truth_count(docs, nd, p));
        p = semi + 1;
    }
    buf_free(&all);
    /* nothing crosses a field: 知最 is in no field */
    assert_int_equal(search_grams_lookup(g, "知最", strlen("知最")), -1);
    /* a document leaving takes its strings with it, once each */
    search_fields f0 = fields_of(docs[0], 2, len);
    search_grams_doc(g, &f0, -1, NULL, NULL);
    assert_int_equal(search_grams_lookup(g, "低保", strlen("低保")), 4);
    assert_int_equal(search_grams_lookup(g, "关于", strlen("关于")), 3);
    /* a document's strings, each once, with the callback */
    buf seen;
    buf_init(&seen);
    search_grams_doc(g, &f0, 1, collect, &seen);
    assert_non_null(strstr(seen.data, "低保=5;"));
    assert_null(strstr(strstr(seen.data, "低保=5;") + 1, "低保="));
    buf_free(&seen);
    /* loaded back from its listing, shortest first, it answers the same */
    buf list;
    buf_init(&list);
    search_grams_each(g, 0, collect, &list);
    search_grams *h = search_grams_new();
    for (char *p = list.data; *p;) {
        char *eq = strchr(p, '='), *semi = strchr(p, ';');
        *eq = 0;
        assert_int_equal(search_grams_add(h, p, strlen(p), strtoll(eq + 1, NULL, 10)), 0);
        p = semi + 1;
    }
    assert_int_equal(search_grams_size(h), search_grams_size(g));
    assert_int_equal(search_grams_lookup(h, "低保", strlen("低保")), 5);
    /* a string whose prefix is not held, an empty one, a bad one, a long one: refused */
    assert_int_equal(search_grams_add(h, "救助", strlen("救助"), 9), -1);
    assert_int_equal(search_grams_add(h, "", 0, 9), -1);
    assert_int_equal(search_grams_add(h, "\xff", 1, 9), -1);
    char longer[4 * SEARCH_GRAM_MAX_CHARS + 8];
    memset(longer, 'a', SEARCH_GRAM_MAX_CHARS + 1);
    longer[SEARCH_GRAM_MAX_CHARS + 1] = 0;
    assert_int_equal(search_grams_add(h, longer, strlen(longer), 9), -1);
    assert_int_equal(search_grams_lookup(h, longer, strlen(longer)), -1);
    buf_free(&list);
    search_grams_free(h);
    search_grams_free(g);
}

static void test_grams_invalid_bytes_and_plan(void **state)
{
    (void)state;
    /* an invalid byte splits strings: "ab\xffcd" holds ab and cd, never b?c */
    const char *d1[] = {"ab\xff" "cd"}, *d2[] = {"xab\xff" "cdx"};
    size_t len[1];
    search_miner *m = search_miner_new();
    search_fields f1 = fields_of(d1, 1, len);
    search_miner_add(m, &f1);
    search_fields f2 = fields_of(d2, 1, len);
    search_miner_add(m, &f2);
    search_grams *g = search_miner_finish(m, 2);
    search_miner_free(m);
    assert_int_equal(search_grams_lookup(g, "ab", 2), 2);
    assert_int_equal(search_grams_lookup(g, "cd", 2), 2);
    assert_int_equal(search_grams_lookup(g, "x", 1), -1);
    assert_int_equal(search_grams_lookup(g, "abc", 3), -1);
    assert_int_equal(search_grams_size(g), 6);   /* a, b, c, d, ab, cd */
    search_grams_free(g);
    /* the plan: a thousandth of the documents, at least SEARCH_GRAM_MIN_DOCS;
     * the sample threshold scaled to the sample and halved */
    static const struct { size_t docs, bytes, stride; int64_t min, sample_min; } plans[] = {
        {0, 0, 1, SEARCH_GRAM_MIN_DOCS, SEARCH_GRAM_MIN_DOCS},
        {110, 300000, 1, 20, 20},
        {50000, SEARCH_GRAM_SAMPLE_BYTES - 1, 1, 50, 50},
        {1000000, 291000000, 291000000 / SEARCH_GRAM_SAMPLE_BYTES + 1, 1000,
         1000 / (291000000 / SEARCH_GRAM_SAMPLE_BYTES + 1) / 2},
        {10000000, (size_t)3 * SEARCH_GRAM_SAMPLE_BYTES * 1000, 3001, 10000, 2},
    };
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        search_gram_plan p = search_grams_plan(plans[i].docs, plans[i].bytes);
        if (p.stride != plans[i].stride || p.min_docs != plans[i].min || p.sample_min_docs != plans[i].sample_min)
            fail_msg("plan %zu: stride %zu min %lld sample %lld", i, p.stride, (long long)p.min_docs,
                     (long long)p.sample_min_docs);
    }
}

/* ---- recall ------------------------------------------------------------- */

/* The folded corpus, fields separated by NUL bytes (which no query holds), and
 * where each document starts in it. */
typedef struct folded {
    buf text;
    size_t *start;
    size_t n;
} folded;

static size_t doc_at(const folded *f, size_t off)
{
    size_t lo = 0, hi = f->n;   /* last start <= off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Marks in `hit` (one byte per document) the documents that contain term. */
static void scan_term(const folded *f, const char *term, unsigned char *hit)
{
    size_t tl = strlen(term);
    const char *p = f->text.data, *end = f->text.data + f->text.len;
    /* memchr + memcmp rather than memmem: the sanitizers' memmem checks the
     * whole rest of the corpus on every call, which makes the scan quadratic.
     * memchr looks for the term's last byte, which varies more than the
     * first byte of a Chinese character. */
    while (p + tl <= end) {
        const char *last = memchr(p + tl - 1, term[tl - 1], (size_t)(end - p) - tl + 1);
        if (!last)
            break;
        const char *m = last - (tl - 1);
        if (memcmp(m, term, tl) != 0) {
            p = m + 1;
            continue;
        }
        size_t d = doc_at(f, (size_t)(m - f->text.data));
        hit[d] = 1;
        p = f->text.data + (d + 1 < f->n ? f->start[d + 1] : f->text.len);
    }
}

static void test_recall(void **state)
{
    (void)state;
    size_t ndocs = 20000;
    const char *env = getenv("GONGKAI_SEARCH_RECALL_DOCS");
    if (env && *env)
        ndocs = (size_t)strtoul(env, NULL, 10);
    assert_true(ndocs >= 100);
    const uint64_t seed = 20180149;
    sqlite3 *db = open_fts();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, docno, body) VALUES (?1, ?2, ?3, ?4)",
                                        -1, &ins, NULL), SQLITE_OK);
    folded f;
    buf_init(&f.text);
    f.start = xmalloc(ndocs * sizeof *f.start);
    f.n = ndocs;
    corpus_doc d;
    corpus_doc_init(&d);
    for (size_t i = 0; i < ndocs; i++) {
        corpus_doc_make(&d, seed, i, ndocs, 3);
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(ins, 2, d.title.data, (int)d.title.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, d.docno.data, (int)d.docno.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, d.body.data, (int)d.body.len, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
        f.start[i] = f.text.len;
        const buf *fields[] = {&d.title, &d.docno, &d.body};
        for (int k = 0; k < 3; k++) {
            char *fx = search_fold(fields[k]->data, fields[k]->len);
            buf_puts(&f.text, fx);
            buf_putc(&f.text, '\0');
            free(fx);
        }
    }
    sqlite3_finalize(ins);
    assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);

    /* The frequent strings as gongkai mines and counts them (search.h):
     * every one-term query they hold must count what the scan finds. */
    search_gram_plan plan = search_grams_plan(ndocs, f.text.len);
    plan.stride = 4;   /* a real sample even at this size */
    plan.sample_min_docs = plan.min_docs / 4 / 2;
    search_miner *miner = search_miner_new();
    for (size_t i = 0; i < ndocs; i += plan.stride) {
        corpus_doc_make(&d, seed, i, ndocs, 3);
        const char *ft[] = {d.title.data, d.docno.data, d.body.data};
        size_t fl[] = {d.title.len, d.docno.len, d.body.len};
        search_fields sf = {ft, fl, 3};
        search_miner_add(miner, &sf);
    }
    search_grams *grams = search_miner_finish(miner, plan.sample_min_docs);
    search_miner_free(miner);
    search_grams_zero(grams);
    for (size_t i = 0; i < ndocs; i++) {
        corpus_doc_make(&d, seed, i, ndocs, 3);
        const char *ft[] = {d.title.data, d.docno.data, d.body.data};
        size_t fl[] = {d.title.len, d.docno.len, d.body.len};
        search_fields sf = {ft, fl, 3};
        search_grams_doc(grams, &sf, 1, NULL, NULL);
    }
    corpus_doc_free(&d);
    size_t from_grams = 0;

    const size_t nq = 240;
    char **queries = corpus_queries(seed, ndocs, 3, nq);
    sqlite3_stmt *sel;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY rowid",
                                        -1, &sel, NULL), SQLITE_OK);
    unsigned char *truth = xmalloc(ndocs), *term_hit = xmalloc(ndocs), *got = xmalloc(ndocs);
    size_t with_hits = 0, checked = 0, mismatches = 0;
    long long total_hits = 0;
    for (size_t qi = 0; queries[qi]; qi++) {
        search_query q;
        err e = {0};
        if (search_query_parse(queries[qi], &q, &e) != 0)
            fail_msg("query %s: %s", queries[qi], e.msg);
        memset(truth, 1, ndocs);
        for (size_t t = 0; t < q.nterms; t++) {
            memset(term_hit, 0, ndocs);
            scan_term(&f, q.terms[t], term_hit);
            for (size_t i = 0; i < ndocs; i++)
                truth[i] &= term_hit[i];
        }
        memset(got, 0, ndocs);
        sqlite3_bind_text(sel, 1, q.match, -1, SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
            sqlite3_int64 id = sqlite3_column_int64(sel, 0);
            assert_true(id >= 1 && (size_t)id <= ndocs);
            got[id - 1] = 1;
        }
        if (rc != SQLITE_DONE)
            fail_msg("query %s (%s): %s", queries[qi], q.match, sqlite3_errmsg(db));
        sqlite3_reset(sel);
        size_t n_truth = 0, missed = 0, extra = 0, first_bad = SIZE_MAX;
        for (size_t i = 0; i < ndocs; i++) {
            n_truth += truth[i];
            if (truth[i] != got[i]) {
                if (truth[i])
                    missed++;
                else
                    extra++;
                if (first_bad == SIZE_MAX)
                    first_bad = i;
            }
        }
        int64_t held = q.nterms == 1 ? search_grams_lookup(grams, q.terms[0], strlen(q.terms[0])) : -1;
        if (held >= 0) {
            from_grams++;
            if ((size_t)held != n_truth) {
                mismatches++;
                print_message("# query %s: frequent-string count %lld, %zu documents contain it\n", queries[qi],
                              (long long)held, n_truth);
            }
            if (held < plan.sample_min_docs)   /* the sample alone had that many */
                fail_msg("query %s: held with %lld documents, mined at %lld", queries[qi], (long long)held,
                         (long long)plan.sample_min_docs);
        }
        if (missed || extra) {
            mismatches++;
            print_message("# query %s (MATCH %s): %zu documents contain it, index missed %zu, "
                          "found %zu extra (first: document %zu)\n", queries[qi], q.match,
                          n_truth, missed, extra, first_bad + 1);
        }
        with_hits += n_truth > 0;
        total_hits += (long long)n_truth;
        checked++;
        search_query_free(&q);
    }
    print_message("# recall: %zu documents, %zu queries (%zu with hits, %lld hits, %zu counted by the %zu "
                  "frequent strings), %zu wrong\n", ndocs, checked, with_hits, total_hits, from_grams,
                  search_grams_size(grams), mismatches);
    /* the frequent strings answer most one-term queries of a templated corpus */
    assert_true(from_grams * 2 >= checked);
    search_grams_free(grams);
    assert_int_equal(mismatches, 0);
    assert_true(checked >= 200);
    /* The query set must exercise the index: most queries find something. */
    assert_true(with_hits * 10 >= checked * 8);
    sqlite3_finalize(sel);
    free(truth);
    free(term_hit);
    free(got);
    corpus_queries_free(queries);
    buf_free(&f.text);
    free(f.start);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_documents),
        cmocka_unit_test(test_term_tokens),
        cmocka_unit_test(test_tokens_roundtrip),
        cmocka_unit_test(test_offsets_and_stop),
        cmocka_unit_test(test_query_parse),
        cmocka_unit_test(test_query_errors),
        cmocka_unit_test(test_synonyms_parse),
        cmocka_unit_test(test_query_expand),
        cmocka_unit_test(test_suggester),
        cmocka_unit_test(test_text_matches),
        cmocka_unit_test(test_highlight),
        cmocka_unit_test(test_fts5_exact_cases),
        cmocka_unit_test(test_fts5_tokenizer_takes_no_options),
        cmocka_unit_test(test_grams_mine_and_count),
        cmocka_unit_test(test_grams_invalid_bytes_and_plan),
        cmocka_unit_test(test_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
