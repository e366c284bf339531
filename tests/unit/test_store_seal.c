/* Unit tests for personal data sealed at rest and the chained audit trail
 * (issue 15): no applicant's ID number, phone, address, name or e-mail is in
 * the database file (SQLite, with its WAL) or in a pg_dump (PostgreSQL), in
 * UTF-8, UTF-16 (both byte orders), GB18030, or with full-width digits or
 * other spellings; staff read the clear values; tracking by phone works in
 * any spelling of the phone; key rotation re-seals in batches; the audit
 * chain verifies and names a changed row. Runs on SQLite, and on PostgreSQL
 * under tests/e2e/pg.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gcrypt.h>
#include <sodium.h>
#include <iconv.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static cal_t *cal;
static int64_t agency;

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
}

static int setup(void **state)
{
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    err e = {0};
    struct store_agency a = {0};
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    if (store_agency_add(s, &a, &agency, &e))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    return 0;
}

/* The applicants: what must never be found in the stored bytes. */
static const struct applicant {
    const char *name, *id, *phone, *spelled, *address, *email;
} applicants[] = {
    {"王小明", "11010519491231002X", "13800138000", "138-0013-8000", "驿城区解放路１２号院3单元", "wxm@example.com"},
    {"欧阳娜娜", "440524188001010014", "13912345678", "139 1234 5678", "金水区花园路甲66号", "nana@example.org"},
    {"李四", "", "0396-2222222", "(0396) 222 2222", "驻马店市开发区置地大道９号", ""},
};
#define NAPPLICANTS (sizeof applicants / sizeof applicants[0])

/* p as a registered application of the agency (app_register), not stored. */
static void fill(const struct applicant *p, struct app *out)
{
    memset(out, 0, sizeof *out);
    out->agency_id = agency;
    out->channel = APP_CH_ONLINE;
    out->received = D("2025-03-03");
    out->kind = COL_NATURAL;
    snprintf(out->name, sizeof out->name, "%s", p->name);
    snprintf(out->id_number, sizeof out->id_number, "%s", p->id);
    snprintf(out->phone, sizeof out->phone, "%s", p->phone);
    snprintf(out->address, sizeof out->address, "%s", p->address);
    snprintf(out->email, sizeof out->email, "%s", p->email);
    snprintf(out->request, sizeof out->request, "2024年低保资金发放情况");
    out->delivery = APP_DL_ONLINE;
    struct app_rules r;
    app_rules_default(&r, D("2025-03-03"));
    err e = {0};
    if (app_register(&r, cal, out, &e))
        fail_msg("register: %s: %s", e.where, e.msg);
}

static void reg(store_t *s, const struct applicant *p, struct app *out)
{
    fill(p, out);
    err e = {0};
    if (store_app_add(s, out, "tester", &e))
        fail_msg("store_app_add: %s: %s", e.where, e.msg);
}

/* The same people in the 互动交流 registers (migration 21): a message with
 * the name, phone and e-mail, a suggestion whose contact is the phone and the
 * address, a comment with the name and the e-mail; ids out[0..2]. */
static void reg_engage(store_t *s, const struct applicant *p, int64_t consult_id, int64_t out[3])
{
    err e = {0};
    struct msg m = {.agency_id = agency, .source = MSG_SRC_WEBSITE, .kind = MSG_K_CONSULT, .received = D("2025-03-03")};
    snprintf(m.name, sizeof m.name, "%s", p->name);
    snprintf(m.phone, sizeof m.phone, "%s", p->phone);
    snprintf(m.email, sizeof m.email, "%s", p->email);
    snprintf(m.body, sizeof m.body, "2024年低保资金发放情况");
    struct msg_rules mr;
    msg_rules_default(&mr, D("2025-03-03"));
    if (msg_register(&mr, cal, &m, &e) || store_msg_add(s, &m, "tester", &e))
        fail_msg("message: %s: %s", e.where, e.msg);
    struct sug x = {.agency_id = agency, .kind = SUG_NPC, .role = SUG_LEAD, .assigned = D("2025-03-03")};
    snprintf(x.number, sizeof x.number, "第%lld号", (long long)m.id);
    snprintf(x.author, sizeof x.author, "刘代表");
    snprintf(x.contact, sizeof x.contact, "%s %s", p->phone, p->address);
    snprintf(x.title, sizeof x.title, "关于低保的建议");
    struct sug_rules sr;
    sug_rules_default(&sr, D("2025-03-03"));
    if (sug_register(&sr, &x, &e) || store_sug_add(s, &x, "tester", &e))
        fail_msg("suggestion: %s: %s", e.where, e.msg);
    struct consult k;
    struct comment c = {.agency_id = agency};
    snprintf(c.name, sizeof c.name, "%s", p->name);
    snprintf(c.contact, sizeof c.contact, "%s", p->email);
    snprintf(c.body, sizeof c.body, "建议提高标准。");
    if (store_consult_get(s, agency, consult_id, &k, &e) || comment_check_new(&k, &c, D("2025-03-05"), &e) ||
        store_comment_add(s, &c, &e))
        fail_msg("comment: %s: %s", e.where, e.msg);
    out[0] = m.id, out[1] = x.id, out[2] = c.id;
}

static int64_t open_consult(store_t *s)
{
    err e = {0};
    struct consult k = {.agency_id = agency, .kind = CONS_DECISION, .opens = D("2025-03-01"), .closes = D("2025-03-31")};
    snprintf(k.title, sizeof k.title, "城市低保标准调整方案（征求意见稿）");
    if (consult_check(cal, &k, 0, &e) || store_consult_add(s, &k, "tester", &e))
        fail_msg("consultation: %s: %s", e.where, e.msg);
    return k.id;
}

/* Staff read the registers' clear values through the store. */
static void assert_engage_reads(store_t *s, const struct applicant *p, const int64_t ids[3])
{
    err e = {0};
    struct msg m;
    struct sug x;
    struct comment c;
    assert_int_equal(store_msg_get(s, agency, ids[0], &m, &e), 0);
    assert_string_equal(m.name, p->name);
    assert_string_equal(m.phone, p->phone);
    assert_string_equal(m.email, p->email);
    assert_int_equal(store_sug_get(s, agency, ids[1], &x, &e), 0);
    char want[256];
    snprintf(want, sizeof want, "%s %s", p->phone, p->address);
    assert_string_equal(x.contact, want);
    assert_int_equal(store_comment_get(s, agency, ids[2], &c, &e), 0);
    assert_string_equal(c.name, p->name);
    assert_string_equal(c.contact, p->email);
}

/* ---- the stored bytes ---- */

static void read_file(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;   /* no WAL: nothing to add */
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
}

/* The database as someone who copied it has it: the SQLite file and its
 * WAL, or everything pg_dump writes. */
static void stored_bytes(buf *out)
{
    const char *t = tu_store_target();
    if (strstr(t, "dbname=")) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "pg_dump -d '%s' 2>&1", t);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
            buf_append(out, chunk, n);
        assert_int_equal(pclose(p), 0);
        assert_non_null(strstr(out->data, "CREATE TABLE public.application"));
        return;
    }
    char wal[600];
    read_file(t, out);
    snprintf(wal, sizeof wal, "%s-wal", t);
    read_file(wal, out);
    assert_true(out->len > 4096);
}

static bool has_bytes(const buf *hay, const void *needle, size_t n)
{
    return n && memmem(hay->data, hay->len, needle, n) != NULL;
}

/* v as UTF-16 in the byte order big (true) or little. */
static size_t utf16(const char *v, bool big, unsigned char *out, size_t cap)
{
    size_t k = 0, n = strlen(v);
    for (size_t i = 0; i < n && k + 4 <= cap;) {
        uint32_t cp;
        int l = utf8_decode(v + i, n - i, &cp);
        assert_true(l > 0);
        i += (size_t)l;
        uint16_t u[2];
        int m = 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            u[0] = (uint16_t)(0xD800 | (cp >> 10)), u[1] = (uint16_t)(0xDC00 | (cp & 0x3FF)), m = 2;
        } else {
            u[0] = (uint16_t)cp;
        }
        for (int j = 0; j < m; j++) {
            out[k++] = big ? (unsigned char)(u[j] >> 8) : (unsigned char)(u[j] & 0xFF);
            out[k++] = big ? (unsigned char)(u[j] & 0xFF) : (unsigned char)(u[j] >> 8);
        }
    }
    return k;
}

/* Full-width digits and letters (what NFKC folds) and back to ASCII. */
static void width_swap(const char *v, bool to_full, buf *out)
{
    buf_reset(out);
    size_t n = strlen(v);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = utf8_decode(v + i, n - i, &cp);
        i += (size_t)l;
        if (to_full && cp >= 0x21 && cp <= 0x7E)
            cp += 0xFEE0;
        else if (!to_full && cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        char enc[4];
        buf_append(out, enc, (size_t)utf8_encode(cp, enc));
    }
}

static size_t gb18030(const char *v, char *out, size_t cap)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)v, *o = out;
    size_t il = strlen(v), ol = cap;
    assert_true(iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
    iconv_close(cd);
    return cap - ol;
}

/* Every spelling of v: as typed, full-width, half-width, lower case (the
 * ID's X), digits alone; each in UTF-8, UTF-16LE, UTF-16BE and GB18030. */
static void assert_absent(const buf *hay, const char *what, const char *v)
{
    if (!*v)
        return;
    buf forms[5];
    for (int i = 0; i < 5; i++)
        buf_init(&forms[i]);
    buf_puts(&forms[0], v);
    width_swap(v, true, &forms[1]);
    width_swap(v, false, &forms[2]);
    for (const char *p = forms[2].data; *p; p++)
        buf_putc(&forms[3], (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    for (const char *p = forms[2].data; *p; p++)
        if (*p >= '0' && *p <= '9')
            buf_putc(&forms[4], *p);
    for (int i = 0; i < 5; i++) {
        const char *f = forms[i].data;
        if (!f || strlen(f) < 4)
            continue;
        unsigned char u16[1024];
        char gb[1024];
        if (has_bytes(hay, f, strlen(f)) || has_bytes(hay, u16, utf16(f, false, u16, sizeof u16)) ||
            has_bytes(hay, u16, utf16(f, true, u16, sizeof u16)) || has_bytes(hay, gb, gb18030(f, gb, sizeof gb)))
            fail_msg("%s '%s' (form %d: '%s') is in the stored bytes", what, v, i, f);
    }
    for (int i = 0; i < 5; i++)
        buf_free(&forms[i]);
}

static void assert_nothing_personal_stored(void)
{
    buf hay;
    buf_init(&hay);
    stored_bytes(&hay);
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        const struct applicant *p = &applicants[i];
        assert_absent(&hay, "ID number", p->id);
        assert_absent(&hay, "phone", p->phone);
        assert_absent(&hay, "phone", p->spelled);
        assert_absent(&hay, "address", p->address);
        assert_absent(&hay, "e-mail", p->email);
        assert_absent(&hay, "name", p->name);
    }
    /* the check can fail: a value that is stored in clear is found */
    assert_true(has_bytes(&hay, "2024年低保资金发放情况", strlen("2024年低保资金发放情况")));
    buf_free(&hay);
}

static void test_sealed_at_rest(void **state)
{
    store_t *s = *state;
    struct app a[NAPPLICANTS];
    int64_t consult = open_consult(s), eng[NAPPLICANTS][3];
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        reg(s, &applicants[i], &a[i]);
        reg_engage(s, &applicants[i], consult, eng[i]);
    }
    assert_nothing_personal_stored();
    for (size_t i = 0; i < NAPPLICANTS; i++)
        assert_engage_reads(s, &applicants[i], eng[i]);
    err e = {0};
    /* staff read the clear values */
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        struct app got;
        assert_int_equal(store_app_get(s, agency, a[i].no, &got, &e), 0);
        assert_string_equal(got.id_number, applicants[i].id);
        assert_string_equal(got.phone, applicants[i].phone);
        assert_string_equal(got.address, applicants[i].address);
        assert_string_equal(got.email, applicants[i].email);
        assert_string_equal(got.name, applicants[i].name);
    }
    /* tracking by phone, in another spelling of the same number */
    struct store_app_public pub;
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        assert_int_equal(store_app_public_status(s, a[i].tracking, applicants[i].spelled, &pub, &e), 0);
        assert_int_equal(pub.received, D("2025-03-03"));
        assert_int_equal(store_app_public_status(s, a[i].tracking, applicants[(i + 1) % NAPPLICANTS].phone, &pub, &e),
                         GK_ENOTFOUND);
    }
    /* the fee by count still knows the same applicant (keyed hash of the ID) */
    struct app again;
    reg(s, &applicants[0], &again);
    int nth = 0;
    assert_int_equal(store_app_nth_in_month(s, &again, &nth, &e), 0);
    assert_int_equal(nth, 2);
    assert_nothing_personal_stored();
}

/* The bulk path (store_app_bulk: COPY on PostgreSQL, one prepared INSERT
 * on SQLite) seals exactly as store_app_add does: nothing personal in the
 * stored bytes, the clear values read back through the store, tracking by
 * phone in another spelling. */
struct bulk_src { size_t i; };

static int bulk_next(struct app *a, void *arg)
{
    struct bulk_src *b = arg;
    if (b->i == NAPPLICANTS)
        return 1;
    fill(&applicants[b->i++], a);
    return 0;
}

static void test_bulk_sealed(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct bulk_src src = {0};
    int64_t n = 0;
    assert_int_equal(store_app_bulk(s, agency, bulk_next, &src, "tester", &n, &e), 0);
    assert_int_equal(n, (int64_t)NAPPLICANTS);
    assert_nothing_personal_stored();
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        char no[32];
        snprintf(no, sizeof no, "2025-%05zu", i + 1);
        struct app got;
        assert_int_equal(store_app_get(s, agency, no, &got, &e), 0);
        assert_string_equal(got.name, applicants[i].name);
        assert_string_equal(got.id_number, applicants[i].id);
        assert_string_equal(got.phone, applicants[i].phone);
        assert_string_equal(got.address, applicants[i].address);
        assert_string_equal(got.email, applicants[i].email);
        struct store_app_public pub;
        assert_int_equal(store_app_public_status(s, got.tracking, applicants[i].spelled, &pub, &e), 0);
        assert_int_equal(store_app_public_status(s, got.tracking, applicants[(i + 1) % NAPPLICANTS].phone, &pub, &e),
                         GK_ENOTFOUND);
    }
    /* the same applicant once more, one by one: the fee by count knows them
     * (the keyed hash of the ID is the same on both paths) */
    struct app again;
    reg(s, &applicants[0], &again);
    int nth = 0;
    assert_int_equal(store_app_nth_in_month(s, &again, &nth, &e), 0);
    assert_int_equal(nth, 2);
}

static void test_rotation(void **state)
{
    store_t *s = *state;
    struct app a[NAPPLICANTS];
    for (int round = 0; round < 40; round++)
        for (size_t i = 0; i < NAPPLICANTS; i++)
            reg(s, &applicants[i], &a[i]);
    int64_t consult = open_consult(s), eng[NAPPLICANTS][3];
    for (size_t i = 0; i < NAPPLICANTS; i++)
        reg_engage(s, &applicants[i], consult, eng[i]);
    err e = {0};
    struct store_seal_status st;
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_int_equal(st.total, 40 * (int)NAPPLICANTS);
    assert_int_equal(st.current, st.total);
    assert_int_equal(st.registers.total, 3 * (int)NAPPLICANTS);
    assert_int_equal(st.registers.current, st.registers.total);
    int before = st.current_key;
    if (!st.key_file[0])
        return;   /* an in-memory database has no key file to rotate */
    struct store_seal_progress p;
    assert_int_equal(store_seal_run(s, 7, true, &p, &e), 0);
    assert_int_equal(p.new_key, before + 1);
    assert_int_equal(p.rows, st.total + st.registers.total);
    /* the applications in batches of 7, then each register (3 rows each) in one */
    assert_int_equal(p.batches, (st.total + 6) / 7 + 3);
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_int_equal(st.current_key, before + 1);
    assert_int_equal(st.current, st.total);
    assert_int_equal(st.older + st.clear, 0);
    assert_int_equal(st.registers.current, st.registers.total);
    assert_int_equal(st.registers.older + st.registers.clear, 0);
    for (size_t i = 0; i < NAPPLICANTS; i++)
        assert_engage_reads(s, &applicants[i], eng[i]);
    struct app got;
    assert_int_equal(store_app_get(s, agency, a[1].no, &got, &e), 0);
    assert_string_equal(got.address, applicants[1].address);
    struct store_app_public pub;
    assert_int_equal(store_app_public_status(s, a[2].tracking, applicants[2].spelled, &pub, &e), 0);
    assert_nothing_personal_stored();
    /* the rotation is in the audit trail, and the trail verifies */
    struct store_audit_verdict v;
    assert_int_equal(store_audit_verify(s, NULL, &v, &e), 0);
    assert_true(v.ok);
    assert_true(v.rows >= 121);
    /* a batch size out of range is refused with its name */
    assert_int_equal(store_seal_run(s, 0, false, &p, &e), GK_EINVAL);
    assert_string_equal(e.where, "batch");
}

static void test_retention(void **state)
{
    store_t *s = *state;
    struct app a[NAPPLICANTS];
    err e = {0};
    for (size_t i = 0; i < NAPPLICANTS; i++)
        reg(s, &applicants[i], &a[i]);
    /* the first one is answered on 2025-03-10; the others stay open */
    struct app after = a[0];
    struct app_rules r;
    app_rules_default(&r, D("2025-03-10"));
    struct app_event ans = {.kind = APP_EV_ANSWER, .date = D("2025-03-10"), .outcome = "granted"};
    assert_int_equal(app_step(&r, cal, &after, &ans, &e), 0);
    assert_int_equal(tu_chain_approve(s, &a[0], "granted", NULL, NULL, D("2025-03-10"), &e), 0);
    assert_int_equal(store_app_save(s, &a[0], &after, "tester", "answer", D("2025-03-10"), "答复", &e), 0);
    rpt *before_r = rpt_new(), *after_r = rpt_new();
    assert_int_equal(store_app_report(s, agency, 2025, before_r, &e), 0);
    int64_t n = 0;
    assert_int_equal(store_app_retention(s, agency, D("2025-03-10"), "tester", &n, &e), 0);
    assert_int_equal(n, 0);   /* concluded on the cut-off day: kept */
    assert_int_equal(store_app_retention(s, agency, D("2025-03-11"), "tester", &n, &e), 0);
    assert_int_equal(n, 1);
    struct app got;
    assert_int_equal(store_app_get(s, agency, a[0].no, &got, &e), 0);
    assert_string_equal(got.name, "");
    assert_string_equal(got.id_number, "");
    assert_string_equal(got.phone, "");
    assert_string_equal(got.address, "");
    assert_string_equal(got.outcome, "granted");
    assert_int_equal(store_app_get(s, agency, a[1].no, &got, &e), 0);
    assert_string_equal(got.id_number, applicants[1].id);   /* open: kept */
    assert_int_equal(store_app_report(s, agency, 2025, after_r, &e), 0);
    assert_memory_equal(before_r->app, after_r->app, sizeof before_r->app);   /* table 三 unchanged */
    assert_true(before_r->app[0][COL_TOTAL] >= 3);   /* and it counts them */
    rpt_free(before_r);
    rpt_free(after_r);
    assert_int_equal(store_app_retention(s, agency, D("2025-03-11"), "tester", &n, &e), 0);
    assert_int_equal(n, 0);   /* once */
}

/* ---- behind gongkai's back: SQL on the database itself ---- */

static void raw_sql(const char *sql)
{
    const char *t = tu_store_target();
    if (strstr(t, "dbname=")) {
        PGconn *c = PQconnectdb(t);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("%s: %s", sql, PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(t, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* The first column of the first row sql gives, read behind the store's back. */
static void raw_one(const char *sql, char *out, size_t cap)
{
    const char *t = tu_store_target();
    out[0] = 0;
    if (strstr(t, "dbname=")) {
        PGconn *c = PQconnectdb(t);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *r = PQexec(c, sql);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        if (PQntuples(r))
            snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(t, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* The key file's line "seal ID HEX [CIPHER]": its key bytes and cipher. */
static size_t key_of(const char *path, int id, unsigned char key[32], char cipher[24])
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        int got;
        char hex[80];
        cipher[0] = 0;
        if (sscanf(line, "seal %d %79s %23s", &got, hex, cipher) >= 2 && got == id) {
            size_t len = 0;
            assert_int_equal(sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &len, NULL), 0);
            n = len;
            break;
        }
    }
    fclose(f);
    return n;
}

/* SM4 where the deployment chooses it (GB/T 32907-2016 in GCM mode, RFC
 * 8998): a rotation to an sm4-gcm key re-seals everything with it, a value
 * opens by libgcrypt alone from the key file (the format is what the header
 * says), and a rotation back to XChaCha20-Poly1305 works the same way. */
static void test_sm4(void **state)
{
    store_t *s = *state;
    struct app a[NAPPLICANTS];
    int64_t consult = open_consult(s), eng[NAPPLICANTS][3];
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        reg(s, &applicants[i], &a[i]);
        reg_engage(s, &applicants[i], consult, eng[i]);
    }
    err e = {0};
    struct store_seal_status st;
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    if (!st.key_file[0])
        return;   /* an in-memory database has no key file to rotate */
    assert_string_equal(st.cipher, "xchacha20poly1305");
    struct store_seal_progress p;
    assert_int_equal(store_seal_rotate(s, 5, "sm4", &p, &e), GK_EINVAL);
    assert_string_equal(e.where, "cipher");
    assert_int_equal(store_seal_rotate(s, 5, "sm4-gcm", &p, &e), 0);
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_string_equal(st.cipher, "sm4-gcm");
    assert_int_equal(st.current, st.total);
    assert_int_equal(st.registers.current, st.registers.total);
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        struct app got;
        assert_int_equal(store_app_get(s, agency, a[i].no, &got, &e), 0);
        assert_string_equal(got.id_number, applicants[i].id);
        assert_string_equal(got.address, applicants[i].address);
        assert_engage_reads(s, &applicants[i], eng[i]);
        struct store_app_public pub;
        assert_int_equal(store_app_public_status(s, a[i].tracking, applicants[i].spelled, &pub, &e), 0);
    }
    assert_nothing_personal_stored();
    /* open one value with libgcrypt and the key file alone */
    unsigned char key[32];
    char cipher[24], sql[256], v[512];
    assert_int_equal(key_of(st.key_file, st.current_key, key, cipher), 16);
    assert_string_equal(cipher, "sm4-gcm");
    snprintf(sql, sizeof sql, "SELECT phone FROM application WHERE app_no = '%s'", a[1].no);
    raw_one(sql, v, sizeof v);
    char prefix[16];
    snprintf(prefix, sizeof prefix, "gk1.%d.", st.current_key);
    assert_memory_equal(v, prefix, strlen(prefix));
    unsigned char bin[256];
    size_t n = 0;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, v + strlen(prefix), strlen(v + strlen(prefix)), NULL, &n, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
    assert_int_equal(n, 12 + strlen(applicants[1].phone) + 16);
    assert_non_null(gcry_check_version(NULL));
    gcry_cipher_hd_t h;
    char clear[64] = "";
    assert_int_equal(gcry_cipher_open(&h, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_GCM, 0), 0);
    assert_int_equal(gcry_cipher_setkey(h, key, 16), 0);
    assert_int_equal(gcry_cipher_setiv(h, bin, 12), 0);
    assert_int_equal(gcry_cipher_authenticate(h, "phone", 5), 0);
    assert_int_equal(gcry_cipher_decrypt(h, clear, n - 28, bin + 12, n - 28), 0);
    assert_int_equal(gcry_cipher_checktag(h, bin + n - 16, 16), 0);
    gcry_cipher_close(h);
    assert_string_equal(clear, applicants[1].phone);
    /* and back to XChaCha20-Poly1305 */
    assert_int_equal(store_seal_rotate(s, 5, "xchacha20poly1305", &p, &e), 0);
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_string_equal(st.cipher, "xchacha20poly1305");
    assert_int_equal(st.current + st.registers.current, st.total + st.registers.total);
    assert_int_equal(key_of(st.key_file, st.current_key, key, cipher), 32);
    assert_string_equal(cipher, "");
    for (size_t i = 0; i < NAPPLICANTS; i++)
        assert_engage_reads(s, &applicants[i], eng[i]);
    assert_nothing_personal_stored();
}

/* A database from before migration 016: the rows hold clear text. The next
 * start seals them (store_open), and the freed pages lose the clear text. */
static void test_upgrade_seals_clear_rows(void **state)
{
    store_t *s = *state;
    struct app a[NAPPLICANTS];
    for (size_t i = 0; i < NAPPLICANTS; i++)
        reg(s, &applicants[i], &a[i]);
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        char sql[1024], digits[32];
        app_phone_digits(applicants[i].phone, digits);
        snprintf(sql, sizeof sql,
                 "UPDATE application SET name = '%s', id_number = '%s', phone = '%s', phone_digits = '%s', "
                 "email = '%s', address = '%s', phone_hash = '', who_hash = '', seal_key = 0 WHERE app_no = '%s'",
                 applicants[i].name, applicants[i].id, applicants[i].phone, digits, applicants[i].email,
                 applicants[i].address, a[i].no);
        raw_sql(sql);
    }
    err e = {0};
    struct store_seal_status st;
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_int_equal(st.clear, NAPPLICANTS);
    buf hay;
    buf_init(&hay);
    stored_bytes(&hay);
    /* the search finds clear text when it is there */
    assert_true(has_bytes(&hay, applicants[0].id, strlen(applicants[0].id)));
    buf_free(&hay);
    /* the first start of the new version */
    store_close(s);
    assert_int_equal(store_open(tu_store_target(), &s, &e), 0);
    *state = s;
    assert_int_equal(store_seal_count(s, &st, &e), 0);
    assert_int_equal(st.clear, 0);
    assert_int_equal(st.current, NAPPLICANTS);
    assert_nothing_personal_stored();
    struct store_app_public pub;
    struct app got;
    for (size_t i = 0; i < NAPPLICANTS; i++) {
        assert_int_equal(store_app_public_status(s, a[i].tracking, applicants[i].spelled, &pub, &e), 0);
        assert_int_equal(store_app_get(s, agency, a[i].no, &got, &e), 0);
        assert_string_equal(got.id_number, applicants[i].id);
        assert_string_equal(got.address, applicants[i].address);
    }
    int nth;
    assert_int_equal(store_app_nth_in_month(s, &got, &nth, &e), 0);
    assert_int_equal(nth, 1);
}

/* ---- the audit chain ---- */

/* What is done to the trail behind gongkai's back, and what verify says:
 * the row it names (the Nth of the rows added, 1-based) and why. */
static const struct tamper {
    const char *name;
    const char *sql;          /* %1$lld: the id of row N; %2$lld: of row N+1 */
    int row;                  /* N */
    int named;                /* the row verify names: N or N+1; 0 = intact */
    const char *why;
    bool cut_head;            /* the head was made to match: only the checkpoint finds it */
} tampers[] = {
    {"untouched", "SELECT 1", 5, 0, "intact", false},
    {"one field changed", "UPDATE audit SET actor = 'mallory' WHERE id = %1$lld", 5, 5, "changed", false},
    {"after_json changed", "UPDATE audit SET after_json = '{\"x\":2}' WHERE id = %1$lld", 7, 7, "changed", false},
    {"one row deleted", "DELETE FROM audit WHERE id = %1$lld", 5, 6, "deleted", false},
    {"two rows swapped",
     "UPDATE audit SET id = -1 WHERE id = %1$lld; UPDATE audit SET id = %1$lld WHERE id = %2$lld; "
     "UPDATE audit SET id = %2$lld WHERE id = -1", 5, 5, "out of order", false},
    {"a hash recomputed without the key", "UPDATE audit SET hash = prev_hash WHERE id = %1$lld", 4, 4, "changed",
     false},
    {"the last row deleted", "DELETE FROM audit WHERE id = %1$lld", 12, 12, "gone", false},
    {"the tail cut and the head made to match",
     "DELETE FROM audit WHERE id >= %1$lld; UPDATE audit_head SET seq = (SELECT MAX(chain_seq) FROM audit "
     "WHERE agency_id = audit_head.chain), hash = (SELECT hash FROM audit a WHERE a.agency_id = audit_head.chain "
     "ORDER BY id DESC LIMIT 1) WHERE chain > 0", 10, 12, "checkpoint", true},
};

static int collect_ids(const struct store_audit_entry *a, void *arg)
{
    int64_t *ids = arg;
    for (int i = 11; i > 0; i--)   /* newest first: shift down */
        ids[i] = ids[i - 1];
    ids[0] = a->id;
    return 0;
}

static void test_audit_tamper(void **state)
{
    for (size_t k = 0; k < sizeof tampers / sizeof tampers[0]; k++) {
        const struct tamper *t = &tampers[k];
        store_t *s = *state;
        err e = {0};
        for (int i = 0; i < 12; i++)
            assert_int_equal(store_audit_add(s, agency, "tester", "thing", i + 1, "touch", NULL, "{\"x\":1}", &e), 0);
        int64_t ids[12] = {0};
        struct store_audit_filter f = {.agency_id = agency, .entity = "thing", .limit = 12};
        assert_int_equal(store_audit_list(s, &f, collect_ids, ids, &e), 0);
        /* ids[] oldest first after the shifts; id[N] is the Nth row added */
        int64_t id[13];
        for (int i = 0; i < 12; i++)
            id[i + 1] = ids[i];
        char cp[600];
        snprintf(cp, sizeof cp, "/tmp/gongkai-seal-test-%ld.checkpoints", (long)getpid());
        unlink(cp);
        int chains;
        assert_int_equal(store_audit_checkpoint(s, cp, &chains, &e), 0);
        assert_true(chains >= 1);
        char sql[1024];
        snprintf(sql, sizeof sql, t->sql, (long long)id[t->row], (long long)(t->row < 12 ? id[t->row + 1] : 0));
        raw_sql(sql);
        struct store_audit_verdict v;
        assert_int_equal(store_audit_verify(s, t->cut_head ? cp : NULL, &v, &e), 0);
        if (!t->cut_head) {   /* without the checkpoint the cut tail would pass: the checkpoint is needed */
            assert_int_equal(store_audit_verify(s, cp, &v, &e), 0);
        } else {
            struct store_audit_verdict alone;
            assert_int_equal(store_audit_verify(s, NULL, &alone, &e), 0);
            assert_true(alone.ok);
        }
        unlink(cp);
        if (t->named == 0) {
            if (!v.ok)
                fail_msg("%s: %s", t->name, v.msg);
        } else {
            if (v.ok)
                fail_msg("%s: verify found nothing", t->name);
            if (v.row_id != id[t->named] || !strstr(v.msg, t->why))
                fail_msg("%s: named row %lld (%s), wanted row %lld (%s)", t->name, (long long)v.row_id, v.msg,
                         (long long)id[t->named], t->why);
        }
        /* the next case starts from a fresh database */
        tu_store_close(s);
        struct store_agency a = {0};
        assert_int_equal(tu_store_open(&s), 0);
        strcpy(a.code, "zmd");
        strcpy(a.name, "驻马店市民政局");
        assert_int_equal(store_agency_add(s, &a, &agency, &e), 0);
        *state = s;
    }
}

static void test_audit_chain(void **state)
{
    store_t *s = *state;
    err e = {0};
    for (int i = 0; i < 20; i++)
        assert_int_equal(store_audit_add(s, i % 3 ? agency : 0, "tester", "thing", i, "touch", NULL, "{\"x\":1}", &e), 0);
    struct store_audit_verdict v;
    assert_int_equal(store_audit_verify(s, NULL, &v, &e), 0);
    assert_true(v.ok);
    assert_int_equal(v.chains, 2);
    assert_true(v.rows >= 20);
}

int main(void)
{
    cal = cal_builtin();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sealed_at_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_sealed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sm4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_seals_clear_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tamper, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    cal_free(cal);
    return rc;
}
