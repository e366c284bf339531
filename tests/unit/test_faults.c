/* Faults lose nothing: every write path of the store, run over a database
 * backend that fails its Nth call (src/store/db_fault.c), for N = 1, 2, 3, ...
 * until the operation succeeds. After each failure:
 *   (a) the operation returned a negative GK_* code with a message naming the
 *       failure ("disk I/O error", passed through, not replaced by a guess);
 *   (b) the database is byte for byte what it was before (the SQLite image
 *       page by page as the store's own connection reads it: every table and
 *       index, sqlite_sequence, the FTS shadow tables, the header), and no
 *       transaction is left open;
 *   (c) the same store handle (statement cache, transaction depth, the search
 *       index's in-memory trie) is used for the next run, which must work:
 *       the last run, with no fault left to fire, succeeds and changes the
 *       database.
 * Each write path is ONE row of write_paths[]: a name, a setup run without
 * faults on a fresh database, and the operation as the command line or the
 * console runs it (read, let the domain decide, store). Runs on SQLite
 * (byte for byte) and, under tests/e2e/pg.sh, on PostgreSQL (every row of
 * every table; see store_fault_snapshot). To add a write path: write its
 * op (and a setup when it needs records; setups may call other ops) and add
 * one row: PATH(name, setup, op); SQLITE_PATH for a SQLite-only feature;
 * NO_CHANGE_PATH for one that must succeed without changing anything (a
 * repeated submission of the same form, say). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "publish/publish.h"
#include "search/search.h"
#include "store/store.h"
#include "store/store_fault_internal.h"
#include "testutil.h"
#include "web/web.h"

/* A run stops here whatever happens: no write path makes this many calls. */
#define MAX_CALLS 5000

/* What every row starts from: one agency, its staff, the calendar. */
struct fx {
    store_t *s;
    cal_t *cal;
    int64_t agency;
    int64_t user_id;          /* the account "wangfang" */
    int64_t doc_id;           /* the document a row's setup made */
    int64_t token_id;
};

static const char *const APP_NO = "2024-00001";   /* the first application of 2024 */
static const char *const SESSION = "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
static char pw_hash[128], pw_hash2[128];            /* real argon2id hashes, made once */

static gk_day D(const char *s)
{
    gk_day d = 0;
    if (date_parse(s, &d, NULL))
        fail_msg("bad test date %s", s);
    return d;
}

static void must(int rc, const err *e, const char *what)
{
    if (rc)
        fail_msg("setup %s: %s: %s", what, e->where, e->msg);
}

/* ---- applications -------------------------------------------------------- */

static struct app_rules rules(void)
{
    struct app_rules r;
    app_rules_default(&r, D("2024-06-28"));
    return r;
}

static int op_app_register(struct fx *f, err *e)
{
    struct app a = {0};
    a.agency_id = f->agency;
    a.channel = APP_CH_ONLINE;
    a.received = D("2024-06-03");
    a.kind = COL_NATURAL;
    snprintf(a.name, sizeof a.name, "王小明");
    snprintf(a.id_number, sizeof a.id_number, "11010519491231002X");
    snprintf(a.phone, sizeof a.phone, "13800000000");
    snprintf(a.request, sizeof a.request, "申请公开2024年最低生活保障资金发放情况");
    a.delivery = APP_DL_ONLINE;
    struct app_rules r = rules();
    int rc = app_register(&r, f->cal, &a, e);
    return rc ? rc : store_app_add(f->s, &a, "xinxiyuan", e);
}

/* The public form's intake: limits counted and the surge mark set with the
 * insert (web_apply_intake); the setup leaves one application this hour so
 * that a brake of 1 marks this one. */
static const int64_t INTAKE_NOW = 1719540000;
static void setup_surge(struct fx *f)
{
    err e = {0};
    must(store_rate_add(f->s, "apply_all", "all", INTAKE_NOW - 60, &e), &e, "surge");
}
static int op_app_intake(struct fx *f, err *e)
{
    struct app a = {0};
    a.agency_id = f->agency;
    a.channel = APP_CH_ONLINE;
    a.received = D("2024-06-03");
    a.kind = COL_NATURAL;
    snprintf(a.name, sizeof a.name, "王小明");
    snprintf(a.phone, sizeof a.phone, "13800000000");
    snprintf(a.request, sizeof a.request, "申请公开2024年最低生活保障资金发放情况");
    a.delivery = APP_DL_ONLINE;
    struct app_rules r = rules();
    int rc = app_register(&r, f->cal, &a, e);
    if (rc)
        return rc;
    const struct store_limit l[] = {{"apply", "addr-key", 3600, 5}, {"apply_phone", "phone-key", 86400, 10},
                                    {"apply_id", "", 86400, 10}};
    struct store_intake in = {.limits = l, .nlimits = 3, .now = INTAKE_NOW, .surge_max = 1};
    if ((rc = store_app_intake(f->s, &a, "online", &in, e)))
        return rc;
    return in.surge && in.refused < 0 ? 0 : err_set(e, GK_EINVAL, "intake", "not registered and marked");
}
static int op_app_intake_spam(struct fx *f, err *e)
{
    return store_app_intake_set(f->s, f->agency, APP_NO, "spam", "同一内容批量提交", "gongkaiban", e);
}

/* The public form's registration: the application and its one-time form
 * token in one transaction (migration 008); sent again, the same form finds
 * the first application and changes nothing. */
static int op_app_register_form(struct fx *f, err *e)
{
    struct app *a = calloc(1, sizeof *a);
    a->agency_id = f->agency;
    a->channel = APP_CH_ONLINE;
    a->received = D("2024-06-03");
    a->kind = COL_NATURAL;
    snprintf(a->name, sizeof a->name, "\xf0\xa0\x80\x80王小明");
    snprintf(a->phone, sizeof a->phone, "13800000000");
    snprintf(a->request, sizeof a->request, "申请公开2024年最低生活保障资金发放情况");
    a->delivery = APP_DL_ONLINE;
    struct app_rules r = rules();
    bool again;
    int rc = app_register(&r, f->cal, a, e);
    if (!rc)
        rc = store_app_add_once(f->s, a, "online", "0123456789abcdef0123456789abcdef", &again, e);
    free(a);
    return rc;
}

/* The API's registration under an Idempotency-Key, in the store steps
 * web/idem.c:web_idem_run takes: one transaction around the lookup, the
 * registration and the key with its answer (migration 013); sent again, the
 * key is found and nothing changes. */
static int op_app_register_idem(struct fx *f, err *e)
{
    struct store_idem x;
    int rc = store_begin(f->s, e);
    if (rc)
        return rc;
    rc = store_idem_get(f->s, "user:1", "client-7-000001", &x, e);
    if (rc == 0) {   /* a retry: the first answer, nothing written */
        store_idem_free(&x);
        store_rollback(f->s);
        return 0;
    }
    if (rc == GK_ENOTFOUND)
        rc = op_app_register(f, e);
    if (!rc) {
        struct store_idem in = {.method = "POST", .path = "/api/v1/applications", .status = 201,
                                .location = "/api/v1/applications/2024-00001", .ctype = "application/json",
                                .body = "{\"no\":\"2024-00001\"}"};
        memset(in.request_hash, 'a', 64);
        rc = store_idem_put(f->s, f->agency, "user:1", "client-7-000001", &in, e);
    }
    if (rc) {
        store_rollback(f->s);
        return rc;
    }
    return store_commit(f->s, e);
}

/* One step on the application APP_NO, as `gongkai apply <step>` runs it. */
static int app_event_run(struct fx *f, struct app_event ev, err *e)
{
    struct app before, after;
    int rc = store_app_get(f->s, f->agency, APP_NO, &before, e);
    if (rc)
        return rc;
    if (ev.kind == APP_EV_FEE_NOTICE && ev.fee_method == FEE_BY_COUNT &&
        (rc = store_app_nth_in_month(f->s, &before, &ev.nth_in_month, e)))
        return rc;
    after = before;
    struct app_rules r = rules();
    if ((rc = app_step(&r, f->cal, &after, &ev, e)))
        return rc;
    buf sum;
    buf_init(&sum);
    app_step_summary(&after, &ev, &sum);
    rc = store_app_save(f->s, &before, &after, "xinxiyuan", app_events[ev.kind].code, after.last_step, sum.data, e);
    buf_free(&sum);
    return rc;
}

#define APP_STEP(fn, ...) \
    static int fn(struct fx *f, err *e) { return app_event_run(f, (struct app_event){__VA_ARGS__}, e); }
APP_STEP(op_supplement_request, .kind = APP_EV_SUPPLEMENT_REQUEST, .date = D("2024-06-05"), .what = "所指文件的文号",
         .by = D("2024-06-20"))
APP_STEP(op_supplement_received, .kind = APP_EV_SUPPLEMENT_RECEIVED, .date = D("2024-06-10"))
APP_STEP(op_supplement_lapsed, .kind = APP_EV_SUPPLEMENT_LAPSED, .date = D("2024-06-21"))
APP_STEP(op_consult_start, .kind = APP_EV_CONSULT_START, .date = D("2024-06-06"), .consult_kind = 1,
         .party = "某养老服务公司")
APP_STEP(op_consult_end, .kind = APP_EV_CONSULT_END, .date = D("2024-06-12"), .note = "第三方不同意公开")
APP_STEP(op_extend, .kind = APP_EV_EXTEND, .date = D("2024-06-20"), .days = 20, .approver = "张局长",
         .reason = "涉及多个科室")
APP_STEP(op_fee_notice, .kind = APP_EV_FEE_NOTICE, .date = D("2024-06-07"), .fee_method = FEE_BY_PAGES,
         .pages = 220)
APP_STEP(op_fee_paid, .kind = APP_EV_FEE_PAID, .date = D("2024-06-11"))
APP_STEP(op_fee_waived, .kind = APP_EV_FEE_WAIVED, .date = D("2024-06-11"), .note = "低保对象")
APP_STEP(op_answer, .kind = APP_EV_ANSWER, .date = D("2024-06-25"), .outcome = "granted")
APP_STEP(op_withdraw, .kind = APP_EV_WITHDRAW, .date = D("2024-06-14"), .note = "申请人撤回")

static void setup_app(struct fx *f)
{
    err e = {0};
    must(op_app_register(f, &e), &e, "register");
}
static void setup_app_form(struct fx *f)
{
    err e = {0};
    must(op_app_register_form(f, &e), &e, "register with a form token");
}
static void setup_app_idem(struct fx *f)
{
    err e = {0};
    must(op_app_register_idem(f, &e), &e, "register with an Idempotency-Key");
}
static void setup_app_supplement(struct fx *f)
{
    err e = {0};
    setup_app(f);
    must(op_supplement_request(f, &e), &e, "supplement request");
}
static void setup_app_consulting(struct fx *f)
{
    err e = {0};
    setup_app(f);
    must(op_consult_start(f, &e), &e, "consult start");
}
static void setup_app_fee(struct fx *f)
{
    err e = {0};
    setup_app(f);
    must(op_fee_notice(f, &e), &e, "fee notice");
}
static void setup_app_answered(struct fx *f)
{
    err e = {0};
    setup_app(f);
    must(op_answer(f, &e), &e, "answer");
}

/* ---- review cases (table 四) --------------------------------------------- */

static int op_case_add(struct fx *f, err *e)
{
    struct app a;
    int rc = store_app_get(f->s, f->agency, APP_NO, &a, e);
    if (rc)
        return rc;
    struct app_case c = {.agency_id = f->agency, .app_id = a.id, .kind = APP_CASE_REVIEW, .filed = D("2024-06-27")};
    snprintf(c.body, sizeof c.body, "驻马店市人民政府");
    snprintf(c.case_no, sizeof c.case_no, "驻政复〔2024〕17号");
    if ((rc = app_case_check_new(&c, &a, NULL, D("2024-06-28"), e)))
        return rc;
    return store_case_add(f->s, &c, "gongkaiban", e);
}

static void setup_case(struct fx *f)
{
    err e = {0};
    setup_app_answered(f);
    must(op_case_add(f, &e), &e, "case");
}

static int first_case(const struct app_case *c, void *arg)
{
    *(int64_t *)arg = c->id;
    return 1;
}

static int op_case_close(struct fx *f, err *e)
{
    int64_t id = 0;
    int rc = store_case_list(f->s, f->agency, 0, first_case, &id, e);
    if (rc)
        return rc;
    struct app_case before, after;
    if ((rc = store_case_get(f->s, f->agency, id, &before, e)))
        return rc;
    after = before;
    if ((rc = app_case_close(&after, APP_CR_UPHELD, D("2024-06-28"), D("2024-06-28"), e)))
        return rc;
    return store_case_save(f->s, &before, &after, "gongkaiban", e);
}

/* Bulk load of three applications (benchmarks and imports), checked by the
 * domain like any other. */
static cal_t *cal_bulk;
static int bulk_next(struct app *a, void *arg)
{
    int *i = arg;
    if (*i == 3)
        return 1;
    a->channel = APP_CH_LETTER;
    a->received = D("2024-05-06") + *i;
    a->kind = COL_NATURAL;
    snprintf(a->name, sizeof a->name, "申请人%d", *i);
    snprintf(a->request, sizeof a->request, "申请公开养老服务补贴名单");
    a->delivery = APP_DL_PAPER_POST;
    snprintf(a->address, sizeof a->address, "驻马店市驿城区解放路%d号", 10 + *i);
    struct app_rules r = rules();
    err e = {0};
    (*i)++;
    if (app_register(&r, cal_bulk, a, &e))
        fail_msg("bulk row: %s: %s", e.where, e.msg);
    return 0;
}

static int op_app_bulk(struct fx *f, err *e)
{
    int i = 0;
    int64_t n = 0;
    cal_bulk = f->cal;
    return store_app_bulk(f->s, f->agency, bulk_next, &i, "bench", &n, e);
}

/* ---- documents ----------------------------------------------------------- */

static const char *const BODY = "各县区民政局：\n为做好2024年度养老服务机构检查，现将有关事项通知如下。\n联系人：王某。";

static int op_doc_add(struct fx *f, err *e)
{
    struct doc d;
    doc_init(&d);
    d.agency_id = f->agency;
    snprintf(d.title, sizeof d.title, "关于开展2024年度养老服务检查的通知");
    snprintf(d.docno, sizeof d.docno, "驻民文〔2024〕12号");
    snprintf(d.issuer, sizeof d.issuer, "驻马店市民政局");
    d.written = D("2024-06-03");
    d.body = xstrdup(BODY);
    snprintf(d.author, sizeof d.author, "张三");
    int rc = store_doc_add(f->s, &d, "张三", e);
    if (!rc)
        f->doc_id = d.id;
    doc_clear(&d);
    return rc;
}

static int doc_act(struct fx *f, int64_t id, int action, int role, const char *actor, const char *comment, err *e)
{
    struct store_doc_step st = {.action = action, .role = role, .actor = actor, .comment = comment,
                                .date = action == DOC_A_REPEAL || action == DOC_A_EXPIRE ? D("2024-06-28") : DOC_NODAY};
    struct store_doc_outcome o;
    return store_doc_step(f->s, f->agency, id, &st, &o, e);
}

/* The document of the setup moved along the review chain up to `state`. */
static void doc_to(struct fx *f, int state)
{
    err e = {0};
    must(op_doc_add(f, &e), &e, "doc add");
    static const struct { int state, action, role; const char *actor; } chain[] = {
        {DOC_REVIEW1, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三"},
        {DOC_REVIEW2, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四"},
        {DOC_SIGNOFF, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五"},
        {DOC_SIGNED, DOC_A_APPROVE, DOC_R_LEADER, "赵六"},
        {DOC_PUBLISHED, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七"},
    };
    for (size_t i = 0; i < sizeof chain / sizeof chain[0] && chain[i].state <= state; i++)
        must(doc_act(f, f->doc_id, chain[i].action, chain[i].role, chain[i].actor, NULL, &e), &e,
             doc_action_key(chain[i].action));
}

static void setup_doc_draft(struct fx *f) { doc_to(f, DOC_DRAFT); }
static void setup_doc_review1(struct fx *f) { doc_to(f, DOC_REVIEW1); }
static void setup_doc_review2(struct fx *f) { doc_to(f, DOC_REVIEW2); }
static void setup_doc_signoff(struct fx *f) { doc_to(f, DOC_SIGNOFF); }
static void setup_doc_signed(struct fx *f) { doc_to(f, DOC_SIGNED); }
static void setup_doc_published(struct fx *f) { doc_to(f, DOC_PUBLISHED); }

/* A draft whose screening found something (an ID number), in review. */
static void setup_doc_hit(struct fx *f)
{
    err e = {0};
    must(op_doc_add(f, &e), &e, "doc add");
    struct doc d;
    must(store_doc_get(f->s, f->agency, f->doc_id, &d, &e), &e, "doc get");
    free(d.body);
    d.body = xstrdup("联系人王某，身份证号412801199001011238。");
    struct store_doc_step st = {.action = DOC_A_EDIT, .role = DOC_R_AUTHOR, .actor = "张三", .date = DOC_NODAY,
                                .edit = &d};
    struct store_doc_outcome o;
    must(store_doc_step(f->s, f->agency, f->doc_id, &st, &o, &e), &e, "edit");
    doc_clear(&d);
    must(doc_act(f, f->doc_id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &e), &e, "submit");
}

static int op_doc_edit(struct fx *f, err *e)
{
    struct doc d;
    int rc = store_doc_get(f->s, f->agency, f->doc_id, &d, e);
    if (rc)
        return rc;
    free(d.body);
    d.body = xstrdup("各县区民政局：\n联系电话13912345678。\n此件为内部资料。");
    snprintf(d.title, sizeof d.title, "关于开展2024年度养老服务机构检查的通知");
    struct store_doc_step st = {.action = DOC_A_EDIT, .role = DOC_R_AUTHOR, .actor = "张三", .date = DOC_NODAY,
                                .edit = &d};
    struct store_doc_outcome o;
    rc = store_doc_step(f->s, f->agency, f->doc_id, &st, &o, e);
    doc_clear(&d);
    return rc;
}

static int op_doc_submit(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, e); }
static int op_doc_approve1(struct fx *f, err *e)
{
    return doc_act(f, f->doc_id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", "同意", e);
}
static int op_doc_approve2(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, e); }
static int op_doc_sign(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, e); }
static int op_doc_return(struct fx *f, err *e)
{
    return doc_act(f, f->doc_id, DOC_A_RETURN, DOC_R_REVIEWER1, "李四", "请补充检查时间", e);
}
static int op_doc_takeback(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三", NULL, e); }
static int op_doc_comment(struct fx *f, err *e)
{
    return doc_act(f, f->doc_id, DOC_A_COMMENT, DOC_R_REVIEWER2, "王五", "第三段请核对", e);
}
static int op_doc_publish(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七", NULL, e); }
static int op_doc_expire(struct fx *f, err *e) { return doc_act(f, f->doc_id, DOC_A_EXPIRE, DOC_R_OFFICE, "孙七", NULL, e); }
static int op_doc_repeal(struct fx *f, err *e)
{
    struct store_doc_step st = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七", .date = D("2024-06-28"),
                                .by_docno = "驻民文〔2024〕30号"};
    struct store_doc_outcome o;
    return store_doc_step(f->s, f->agency, f->doc_id, &st, &o, e);
}

static int op_doc_clear(struct fx *f, err *e)
{
    struct store_doc_hit *h = NULL;
    size_t n = 0;
    int rc = store_doc_hits(f->s, f->doc_id, &h, &n, e);
    if (rc)
        return rc;
    int64_t hit = n ? h[0].id : 0;
    free(h);
    struct store_doc_step st = {.action = DOC_A_CLEAR, .role = DOC_R_REVIEWER1, .actor = "李四", .hit_id = hit,
                                .comment = "号码为示例，不是真实身份证号", .date = DOC_NODAY};
    struct store_doc_outcome o;
    return store_doc_step(f->s, f->agency, f->doc_id, &st, &o, e);
}

static int op_doc_attach(struct fx *f, err *e)
{
    static const char list[] = "姓名\t身份证号\t金额\n王小明\t412801199001011238\t560\n";
    return store_doc_attach(f->s, f->agency, f->doc_id, "名单.tsv", list, sizeof list - 1, "张三", e);
}

/* A signed-off document carrying a scan gongkai cannot read (src/files): it
 * is published only with a reviewer's confirmation naming it. */
static void setup_doc_signed_scan(struct fx *f)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    err e = {0};
    setup_doc_signed(f);
    must(store_doc_attach(f->s, f->agency, f->doc_id, "扫描件.png", png, sizeof png - 1, "张三", &e), &e,
         "attach a scan");
}

static int op_doc_publish_confirm(struct fx *f, err *e)
{
    static const char *const confirm[] = {"扫描件.png"};
    struct store_doc_step st = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七", .date = DOC_NODAY,
                                .confirm = confirm, .nconfirm = 1};
    struct store_doc_outcome o;
    return store_doc_step(f->s, f->agency, f->doc_id, &st, &o, e);
}

/* 撤回 and 更正: the withdrawal of a published document, a correction draft
 * made (with its corrected text, carrying the attachments), and a signed-off
 * correction published over the document (its version kept, rows moved, the
 * draft's row deleted). */
static int op_doc_withdraw(struct fx *f, err *e)
{
    return doc_act(f, f->doc_id, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", "名单含未经审查的个人信息", e);
}

static int correct_start(struct fx *f, int64_t *created, err *e)
{
    struct doc d;
    int rc = store_doc_get(f->s, f->agency, f->doc_id, &d, e);
    if (rc)
        return rc;
    free(d.body);
    d.body = xstrdup("各县区民政局：检查时间改为7月。");
    struct store_doc_step st = {.action = DOC_A_CORRECT, .role = DOC_R_AUTHOR, .actor = "张三",
                                .comment = "检查时间由6月更正为7月", .date = DOC_NODAY, .edit = &d};
    struct store_doc_outcome o;
    rc = store_doc_step(f->s, f->agency, f->doc_id, &st, &o, e);
    doc_clear(&d);
    *created = o.created;
    return rc;
}

static int op_doc_correct(struct fx *f, err *e)
{
    int64_t c;
    return correct_start(f, &c, e);
}

static void setup_doc_published_attached(struct fx *f)
{
    err e = {0};
    doc_to(f, DOC_DRAFT);
    static const char note[] = "检查安排见正文。\n";
    must(store_doc_attach(f->s, f->agency, f->doc_id, "说明.txt", note, sizeof note - 1, "张三", &e), &e, "attach");
    static const struct { int action, role; const char *actor; } chain[] = {
        {DOC_A_SUBMIT, DOC_R_AUTHOR, "张三"}, {DOC_A_APPROVE, DOC_R_REVIEWER1, "李四"},
        {DOC_A_APPROVE, DOC_R_REVIEWER2, "王五"}, {DOC_A_APPROVE, DOC_R_LEADER, "赵六"},
        {DOC_A_PUBLISH, DOC_R_OFFICE, "孙七"}};
    for (size_t i = 0; i < sizeof chain / sizeof chain[0]; i++)
        must(doc_act(f, f->doc_id, chain[i].action, chain[i].role, chain[i].actor, NULL, &e), &e,
             doc_action_key(chain[i].action));
}

/* A published document with an attachment, and its correction signed off:
 * f->doc_id is the correction draft. */
static void setup_doc_correction_signed(struct fx *f)
{
    err e = {0};
    setup_doc_published_attached(f);
    int64_t c = 0;
    must(correct_start(f, &c, &e), &e, "correct");
    static const struct { int action, role; const char *actor; } chain[] = {
        {DOC_A_SUBMIT, DOC_R_AUTHOR, "张三"}, {DOC_A_APPROVE, DOC_R_REVIEWER1, "李四"},
        {DOC_A_APPROVE, DOC_R_REVIEWER2, "王五"}, {DOC_A_APPROVE, DOC_R_LEADER, "赵六"}};
    for (size_t i = 0; i < sizeof chain / sizeof chain[0]; i++)
        must(doc_act(f, c, chain[i].action, chain[i].role, chain[i].actor, "同意", &e), &e,
             doc_action_key(chain[i].action));
    f->doc_id = c;
}

static int op_doc_correct_publish(struct fx *f, err *e)
{
    return doc_act(f, f->doc_id, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七", "更正发布", e);
}

/* `gongkai doc add --attach FILE` and `doc attach ID FILE...`: the store's
 * calls inside one transaction of the command (nested transactions join
 * the outermost one). */
static int op_doc_add_attach(struct fx *f, err *e)
{
    int rc = store_begin(f->s, e);
    if (rc)
        return rc;
    if ((rc = op_doc_add(f, e)) || (rc = op_doc_attach(f, e))) {
        store_rollback(f->s);
        return rc;
    }
    return store_commit(f->s, e);
}

/* `gongkai doc add --attach FILE --request-id r-1`, in the store steps
 * cli_doc.c:cmd_add takes: the key looked up first (a retry adds nothing),
 * then the draft, its attachment and the key in one transaction. */
static int op_doc_add_request(struct fx *f, err *e)
{
    char kind[32];
    int64_t first;
    int rc = store_form_token_get(f->s, f->agency, "cli:r-1", kind, &first, e);
    if (rc != GK_ENOTFOUND)
        return rc;
    if ((rc = store_begin(f->s, e)))
        return rc;
    if ((rc = op_doc_add(f, e)) || (rc = op_doc_attach(f, e)) ||
        (rc = store_form_token_put(f->s, f->agency, "cli:r-1", "document", f->doc_id, e))) {
        store_rollback(f->s);
        return rc;
    }
    return store_commit(f->s, e);
}

static void setup_doc_request(struct fx *f)
{
    err e = {0};
    must(op_doc_add_request(f, &e), &e, "doc add --request-id");
}

static int op_doc_import(struct fx *f, err *e)
{
    static const char csv[] =
        "title,docno,issuer,written,published,body,genre,index_no,interprets\n"
        "实施办法,驻民文〔2018〕149号,驻马店市民政局,2018-06-01,2018-06-05,正文,规范性文件,11410000005184320J/2018-00007,\n"
        "实施办法解读,,驻马店市民政局,2018-06-05,2018-06-06,解读,,,驻民文(2018)149号\n"
        "另一文件,,驻马店市民政局,2018-07-01,2018-07-02,联系13812345678,,,\n";
    struct doc_import im;
    doc_import_parse(csv, sizeof csv - 1, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    int hits = 0, rc = im.nerrors ? err_set(e, GK_EINVAL, "test", "the test file does not parse") : 0;
    if (!rc)
        rc = store_doc_import(f->s, f->agency, &im, "孙七", &hits, e);
    doc_import_free(&im);
    return rc;
}

static int op_doc_synonyms(struct fx *f, err *e)
{
    return store_synonyms_set(f->s, f->agency, "# 本单位\n低保 最低生活保障 低保金\n", "孙七", e);
}

static int op_doc_words(struct fx *f, err *e)
{
    return store_doc_words_set(f->s, f->agency, "# 本单位\n试点名单\n内部资料\n", "孙七", e);
}
static int op_doc_stat(struct fx *f, err *e)
{
    return store_doc_stat_set(f->s, f->agency, 2024, "licensing.decisions", 92, "孙七", e);
}

/* 19 published documents and one signed: publishing it makes the 20th in
 * the search index, which mines the frequent strings afresh in the same
 * transaction (SEARCH_GRAM_MIN_DOCS, doc_search.c:grams_maybe_remine). */
static void setup_doc_signed_20th(struct fx *f)
{
    buf csv;
    buf_init(&csv);
    buf_puts(&csv, "title,docno,issuer,written,published,body,genre,index_no,interprets\n");
    for (int i = 1; i <= SEARCH_GRAM_MIN_DOCS - 1; i++)
        buf_printf(&csv, "关于做好第%d批养老服务补贴发放工作的通知,,驻马店市民政局,2024-05-%02d,2024-05-%02d,"
                         "各县区民政局：请做好第%d批养老服务补贴发放工作。,,,\n", i, i, i + 1, i);
    struct doc_import im;
    doc_import_parse(csv.data, csv.len, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    int hits = 0;
    err e = {0};
    if (im.nerrors)
        fail_msg("setup import: line %d: %s", im.errors[0].line, im.errors[0].msg);
    must(store_doc_import(f->s, f->agency, &im, "孙七", &hits, &e), &e, "import");
    doc_import_free(&im);
    buf_free(&csv);
    setup_doc_signed(f);
}

/* Rebuilding the frequent strings of the search index (doc reindex). */
static void setup_docs_many(struct fx *f)
{
    err e = {0};
    setup_doc_published(f);
    must(op_doc_import(f, &e), &e, "import");
}
static int op_doc_reindex(struct fx *f, err *e)
{
    struct store_gram_stats st;
    return store_doc_grams_rebuild(f->s, &st, e);
}

/* ---- annual report on the portal: draft, sign-off, publish, correct ----- */

static int op_report_save(struct fx *f, err *e)
{
    return store_report_save(f->s, f->agency, 2023, "{\"overview\":\"2023年概述\"}", NULL, "gongkaiban", e);
}
static int op_report_sign(struct fx *f, err *e)
{
    return store_report_sign(f->s, f->agency, 2023, "{\"year\":2023}", "fenguan", "leader", e);
}
static int op_report_publish(struct fx *f, err *e) { return store_report_publish(f->s, f->agency, 2023, "gongkaiban", e); }
static void setup_report(struct fx *f)
{
    err e = {0};
    must(op_report_save(f, &e), &e, "report save");
}
static void setup_report_signed(struct fx *f)
{
    err e = {0};
    setup_report(f);
    must(op_report_sign(f, &e), &e, "report sign");
}
/* A correction: version 1 published, a corrected draft signed off. */
static void setup_report_correction(struct fx *f)
{
    err e = {0};
    setup_report_signed(f);
    must(op_report_publish(f, &e), &e, "report publish");
    must(store_report_save(f->s, f->agency, 2023, "{\"overview\":\"2023年概述（更正）\"}", "表三第2行数字有误，已更正",
                           "gongkaiban", &e), &e, "correction draft");
    must(op_report_sign(f, &e), &e, "correction sign");
}
static int op_agency_kind(struct fx *f, err *e) { return store_agency_set_kind(f->s, f->agency, "government", "admin", e); }

/* ---- calendar, settings, agencies ---------------------------------------- */

/* The domain's part of a calendar import: re-date one open application
 * (as `gongkai calendar import --apply` does, src/cli/cli_calendar.c). */
static int redate_app(void *arg, cal_t *c, struct app *a, buf *summary, bool *prov, err *e)
{
    (void)arg;
    struct app_rules r = rules();
    gk_day before = a->due;
    int rc = app_redate(&r, c, a, e);
    if (rc)
        return rc;
    *prov = app_provisional(c, a);
    buf_puts(summary, "工作日历更新：重新计算期限");
    return a->due != before;
}

/* A notice that moves the open application's deadline: the facts, the audit
 * entry and the re-dated application with its history, all or nothing. */
static int op_calendar_import(struct fx *f, err *e)
{
    static const char tsv[] = "2024-06-12\tholiday\t测试\n2024-06-13\tholiday\t测试\n";
    cal_t *c = cal_new();
    int rc = cal_load_tsv(c, tsv, sizeof tsv - 1, "2024.tsv", e);
    if (!rc) {
        buf b;
        buf_init(&b);
        cal_dump_tsv(c, 0, &b);
        struct store_redated *moved = NULL;
        size_t n = 0;
        rc = store_calendar_import(f->s, "", b.data, b.len, "2024.tsv", "admin", D("2024-06-10"), redate_app, NULL,
                                   &moved, &n, e);
        if (!rc && n != 1)
            rc = err_set(e, GK_EIO, "test", "%zu applications re-dated, wanted 1", n);
        free(moved);
        buf_free(&b);
    }
    cal_free(c);
    return rc;
}

static int op_setting(struct fx *f, err *e)
{
    return store_setting_set(f->s, f->agency, "disclosure.contact", "办公室，电话0396-2612345", e);
}

static int op_agency_add(struct fx *f, err *e)
{
    struct store_agency a = {0};
    snprintf(a.code, sizeof a.code, "dh");
    snprintf(a.name, sizeof a.name, "定海区民政局");
    return store_agency_add(f->s, &a, NULL, e);
}

/* ---- users, sessions, tokens --------------------------------------------- */

static int op_user_add(struct fx *f, err *e)
{
    struct store_user u = {.agency_id = f->agency, .active = true};
    snprintf(u.login, sizeof u.login, "lisi");
    snprintf(u.name, sizeof u.name, "李四");
    snprintf(u.role, sizeof u.role, "reviewer");
    snprintf(u.pw_hash, sizeof u.pw_hash, "%s", pw_hash);
    return store_user_add(f->s, &u, NULL, e);
}
static int op_user_role(struct fx *f, err *e)
{
    struct store_user u;
    int rc = store_user_get(f->s, f->user_id, &u, e);
    if (rc)
        return rc;
    snprintf(u.role, sizeof u.role, "leader");
    return store_user_update(f->s, &u, e);
}
static int op_user_password(struct fx *f, err *e)
{
    return store_user_set_password(f->s, f->user_id, pw_hash2, e);
}
/* The console's and `gongkai user`'s account changes: each with its audit
 * entry and the end of the account's sessions, all or none. */
static int op_user_create(struct fx *f, err *e)
{
    struct store_user u = {.agency_id = f->agency, .active = true};
    snprintf(u.login, sizeof u.login, "zhaoliu");
    snprintf(u.name, sizeof u.name, "赵六");
    snprintf(u.role, sizeof u.role, "leader");
    snprintf(u.pw_hash, sizeof u.pw_hash, "%s", pw_hash);
    return store_user_create(f->s, &u, "admin", "{\"login\":\"zhaoliu\",\"role\":\"leader\"}", NULL, e);
}
static int op_user_reset(struct fx *f, err *e)
{
    struct store_user u;
    int rc = store_user_get(f->s, f->user_id, &u, e);
    if (rc)
        return rc;
    snprintf(u.role, sizeof u.role, "reviewer");
    struct store_user_change c = {.user_id = u.id, .set = &u, .pw_hash = pw_hash2, .end_sessions = true,
                                  .actor = "admin", .action = "update", .before_json = "{\"role\":\"officer\"}",
                                  .after_json = "{\"role\":\"reviewer\",\"password\":\"reset\"}"};
    return store_user_change(f->s, &c, e);
}
static int op_user_own_password(struct fx *f, err *e)
{
    struct store_user_change c = {.user_id = f->user_id, .pw_hash = pw_hash2, .end_sessions = true,
                                  .actor = "wangfang", .action = "password_changed"};
    return store_user_change(f->s, &c, e);
}
static int op_user_disable(struct fx *f, err *e)
{
    struct store_user u;
    int rc = store_user_get(f->s, f->user_id, &u, e);
    if (rc)
        return rc;
    u.active = false;
    struct store_user_change c = {.user_id = u.id, .set = &u, .end_sessions = true, .actor = "cli", .action = "update"};
    return store_user_change(f->s, &c, e);
}

static int op_user_login(struct fx *f, err *e) { return store_user_logged_in(f->s, f->user_id, e); }

static int op_session_add(struct fx *f, err *e)
{
    struct store_session ss = {.user_id = f->user_id, .created = 1719540000, .seen = 1719540000};
    snprintf(ss.id_hash, sizeof ss.id_hash, "%s", SESSION);
    snprintf(ss.csrf, sizeof ss.csrf, "c5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cf");
    return store_session_add(f->s, &ss, e);
}
static void setup_session(struct fx *f)
{
    err e = {0};
    must(op_session_add(f, &e), &e, "session");
}
/* A login and a logout on the console: the session, the last login and
 * the audit entry, all or none. */
static int op_login(struct fx *f, err *e)
{
    struct store_session ss = {.user_id = f->user_id, .created = 1719540000, .seen = 1719540000};
    snprintf(ss.id_hash, sizeof ss.id_hash, "%s", SESSION);
    snprintf(ss.csrf, sizeof ss.csrf, "c5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cf");
    return store_session_login(f->s, &ss, f->agency, "wangfang", e);
}
static int op_logout(struct fx *f, err *e) { return store_session_logout(f->s, SESSION, f->user_id, f->agency, "wangfang", e); }
static int op_session_touch(struct fx *f, err *e) { return store_session_touch(f->s, SESSION, 1719543600, e); }
static int op_session_delete(struct fx *f, err *e) { return store_session_delete(f->s, SESSION, e); }
static int op_session_delete_user(struct fx *f, err *e) { return store_session_delete_user(f->s, f->user_id, e); }
static int op_session_purge(struct fx *f, err *e) { return store_session_purge(f->s, 1719550000, 1719550000, e); }

static int op_token_add(struct fx *f, err *e)
{
    struct store_token t = {.user_id = f->user_id, .created = 1719540000};
    snprintf(t.name, sizeof t.name, "市政府汇总脚本");
    snprintf(t.hash, sizeof t.hash, "70c3470c3470c3470c3470c3470c3470c3470c3470c3470c3470c3470c34aaaa");
    snprintf(t.prefix, sizeof t.prefix, "gk_70c34");
    return store_token_add(f->s, &t, "admin", &f->token_id, e);
}
static void setup_token(struct fx *f)
{
    err e = {0};
    must(op_token_add(f, &e), &e, "token");
}
static int op_token_revoke(struct fx *f, err *e) { return store_token_revoke(f->s, f->token_id, "admin", e); }

static int op_rate_add(struct fx *f, err *e) { return store_rate_add(f->s, "login_fail", "wangfang", 1719540000, e); }

/* ---- the table ----------------------------------------------------------- */

static void no_setup(struct fx *f) { (void)f; }

struct write_path {
    const char *name;
    void (*setup)(struct fx *);          /* brings what the operation needs (no faults) */
    int (*op)(struct fx *, err *);       /* the write, as the CLI or the console runs it */
    unsigned flags;                      /* WP_* */
};
enum {
    WP_SQLITE_ONLY = 1,   /* a feature PostgreSQL deployments do not have */
    WP_NO_CHANGE = 2,     /* succeeds without changing anything (a repeated form, say) */
};

#define PATH(name, setup, op) {name, setup, op, 0}
#define SQLITE_PATH(name, setup, op) {name, setup, op, WP_SQLITE_ONLY}
#define NO_CHANGE_PATH(name, setup, op) {name, setup, op, WP_NO_CHANGE}
static const struct write_path write_paths[] = {
    /* applications: register and every step */
    PATH("apply register", no_setup, op_app_register),
    PATH("apply register (online form, with its token)", no_setup, op_app_register_form),
    NO_CHANGE_PATH("apply register (the same form again)", setup_app_form, op_app_register_form),
    PATH("api register (with an Idempotency-Key)", no_setup, op_app_register_idem),
    NO_CHANGE_PATH("api register (the same key again)", setup_app_idem, op_app_register_idem),
    PATH("apply supplement request", setup_app, op_supplement_request),
    PATH("apply supplement received", setup_app_supplement, op_supplement_received),
    PATH("apply supplement lapsed", setup_app_supplement, op_supplement_lapsed),
    PATH("apply consult start", setup_app, op_consult_start),
    PATH("apply consult end", setup_app_consulting, op_consult_end),
    PATH("apply extend", setup_app, op_extend),
    PATH("apply fee notice", setup_app, op_fee_notice),
    PATH("apply fee paid", setup_app_fee, op_fee_paid),
    PATH("apply fee waived", setup_app_fee, op_fee_waived),
    PATH("apply answer", setup_app, op_answer),
    PATH("apply withdraw", setup_app, op_withdraw),
    PATH("apply bulk load", no_setup, op_app_bulk),
    PATH("apply online intake (limits, surge mark)", setup_surge, op_app_intake),
    PATH("apply intake verdict (spam)", setup_app, op_app_intake_spam),
    /* review and litigation cases */
    PATH("review add", setup_app_answered, op_case_add),
    PATH("review close", setup_case, op_case_close),
    /* documents: create, edit, each workflow step, publish, repeal, expire */
    PATH("doc add", no_setup, op_doc_add),
    PATH("doc add --request-id", no_setup, op_doc_add_request),
    NO_CHANGE_PATH("doc add --request-id (the same id again)", setup_doc_request, op_doc_add_request),
    PATH("doc edit", setup_doc_draft, op_doc_edit),
    PATH("doc submit", setup_doc_draft, op_doc_submit),
    PATH("doc approve review1", setup_doc_review1, op_doc_approve1),
    PATH("doc approve review2", setup_doc_review2, op_doc_approve2),
    PATH("doc sign off", setup_doc_signoff, op_doc_sign),
    PATH("doc return", setup_doc_review1, op_doc_return),
    PATH("doc take back", setup_doc_review1, op_doc_takeback),
    PATH("doc comment", setup_doc_review2, op_doc_comment),
    PATH("doc clear hit", setup_doc_hit, op_doc_clear),
    PATH("doc publish", setup_doc_signed, op_doc_publish),
    PATH("doc publish (index re-mined)", setup_doc_signed_20th, op_doc_publish),
    PATH("doc repeal", setup_doc_published, op_doc_repeal),
    PATH("doc expire", setup_doc_published, op_doc_expire),
    PATH("doc withdraw", setup_doc_published, op_doc_withdraw),
    PATH("doc correct (draft)", setup_doc_published_attached, op_doc_correct),
    PATH("doc correct (publish)", setup_doc_correction_signed, op_doc_correct_publish),
    PATH("doc attach", setup_doc_draft, op_doc_attach),
    PATH("doc publish --confirm-unread", setup_doc_signed_scan, op_doc_publish_confirm),
    PATH("doc add --attach", no_setup, op_doc_add_attach),
    PATH("doc import", setup_doc_published, op_doc_import),
    PATH("doc words", no_setup, op_doc_words),
    PATH("doc synonyms", no_setup, op_doc_synonyms),
    PATH("doc stat", no_setup, op_doc_stat),
    SQLITE_PATH("doc reindex", setup_docs_many, op_doc_reindex),
    /* the annual report on the portal */
    PATH("report save", no_setup, op_report_save),
    PATH("report sign off", setup_report, op_report_sign),
    PATH("report publish", setup_report_signed, op_report_publish),
    PATH("report correct", setup_report_correction, op_report_publish),
    PATH("agency kind", no_setup, op_agency_kind),
    /* calendar, settings, agencies */
    PATH("calendar import with re-dating", setup_app, op_calendar_import),
    PATH("setting", no_setup, op_setting),
    PATH("agency add", no_setup, op_agency_add),
    /* users, sessions, tokens, rate events */
    PATH("user add", no_setup, op_user_add),
    PATH("user role", no_setup, op_user_role),
    PATH("user password", no_setup, op_user_password),
    PATH("user logged in", no_setup, op_user_login),
    PATH("user create (console, cli)", no_setup, op_user_create),
    PATH("user role + password reset", setup_session, op_user_reset),
    PATH("user own password", setup_session, op_user_own_password),
    PATH("user disable (cli)", setup_session, op_user_disable),
    PATH("session add", no_setup, op_session_add),
    PATH("login", no_setup, op_login),
    PATH("logout", setup_session, op_logout),
    PATH("session touch", setup_session, op_session_touch),
    PATH("session delete", setup_session, op_session_delete),
    NO_CHANGE_PATH("session delete (already ended)", no_setup, op_session_delete),
    PATH("session delete user", setup_session, op_session_delete_user),
    PATH("session purge", setup_session, op_session_purge),
    PATH("token add", no_setup, op_token_add),
    PATH("token revoke", setup_token, op_token_revoke),
    PATH("rate event", no_setup, op_rate_add),
};

/* ---- the runner ---------------------------------------------------------- */

static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    if (tu_store_open(&f->s))
        fail_msg("cannot open a test store");
    f->cal = cal_builtin();
    err e = {0};
    struct store_agency a = {0};
    snprintf(a.code, sizeof a.code, "zmd");
    snprintf(a.name, sizeof a.name, "驻马店市民政局");
    snprintf(a.org_code, sizeof a.org_code, "11410000005184320J");
    must(store_agency_add(f->s, &a, &f->agency, &e), &e, "agency");
    struct store_user u = {.agency_id = f->agency, .active = true};
    snprintf(u.login, sizeof u.login, "wangfang");
    snprintf(u.name, sizeof u.name, "王芳");
    snprintf(u.role, sizeof u.role, "officer");
    snprintf(u.pw_hash, sizeof u.pw_hash, "%s", pw_hash);
    must(store_user_add(f->s, &u, &f->user_id, &e), &e, "user");
}

static void fx_close(struct fx *f)
{
    cal_free(f->cal);
    tu_store_close(f->s);
}

/* Runs one write path for N = 1, 2, ... until it succeeds; returns the
 * number of runs. */
static long run_path(const struct write_path *w)
{
    struct fx f;
    fx_open(&f);
    w->setup(&f);
    buf before, after;
    buf_init(&before);
    buf_init(&after);
    err e = {0};
    long n;
    for (n = 1; n <= MAX_CALLS; n++) {
        buf_reset(&before);
        if (store_fault_snapshot(f.s, &before, &e))
            fail_msg("%s: snapshot: %s", w->name, e.msg);
        err_clear(&e);
        store_fault_arm(f.s, n);
        int rc = w->op(&f, &e);
        bool fired = store_fault_fired(f.s);
        char fault[256];
        snprintf(fault, sizeof fault, "%s", store_fault_message(f.s));
        store_fault_off(f.s);
        if (store_fault_in_tx(f.s))
            fail_msg("%s, fault at call %ld: a transaction is left open", w->name, n);
        buf_reset(&after);
        err snap = {0};
        if (store_fault_snapshot(f.s, &after, &snap))
            fail_msg("%s: snapshot: %s", w->name, snap.msg);
        if (!fired) {   /* no call left to fail: the operation ran through */
            if (rc)
                fail_msg("%s: fails with no fault injected: %s: %s", w->name, e.where, e.msg);
            bool same = after.len == before.len && memcmp(after.data, before.data, before.len) == 0;
            if (!same && (w->flags & WP_NO_CHANGE))
                fail_msg("%s: should change nothing, but changed the database", w->name);
            if (same && !(w->flags & WP_NO_CHANGE))
                fail_msg("%s: succeeded but changed nothing", w->name);
            break;
        }
        if (rc == 0)
            fail_msg("%s: call %ld failed but the operation reported success (%s)", w->name, n, fault);
        if (rc > 0 || !e.msg[0])
            fail_msg("%s, fault at call %ld: returned %d with no GK_* error and message", w->name, n, rc);
        if (!strstr(e.msg, "disk I/O error"))
            fail_msg("%s, fault at call %ld: the error does not say what failed: %s: %s", w->name, n, e.where,
                     e.msg);
        if (after.len != before.len || memcmp(after.data, before.data, before.len) != 0)
            fail_msg("%s, fault at call %ld (%s): the database changed (%zu -> %zu bytes)", w->name, n, e.msg,
                     before.len, after.len);
    }
    if (n > MAX_CALLS)
        fail_msg("%s: still failing after %d calls", w->name, MAX_CALLS);
    buf_free(&before);
    buf_free(&after);
    fx_close(&f);
    return n;
}

static void test_write_paths(void **state)
{
    (void)state;
    long total = 0;
    const char *pg = getenv("GONGKAI_TEST_PG");
    for (size_t i = 0; i < sizeof write_paths / sizeof write_paths[0]; i++) {
        if ((write_paths[i].flags & WP_SQLITE_ONLY) && pg && *pg)
            continue;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        long n = run_path(&write_paths[i]);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        total += n;
        printf("# %-28s %4ld runs (%ld faults) %6.2f s\n", write_paths[i].name, n, n - 1,
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    printf("# %zu write paths, %ld runs\n", sizeof write_paths / sizeof write_paths[0], total);
}

/* The injected error is a real I/O error to its caller and names the call. */
static void test_fault_message(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f);
    err e = {0};
    store_fault_arm(f.s, 1);
    assert_int_equal(op_setting(&f, &e), GK_EIO);
    assert_true(store_fault_fired(f.s));
    assert_non_null(strstr(e.msg, "disk I/O error"));
    assert_non_null(strstr(e.msg, "call 1"));
    assert_non_null(strstr(e.msg, "INSERT INTO setting"));
    /* after it fired the handle works again, and counting goes on */
    assert_int_equal(op_setting(&f, &e), 0);
    assert_true(store_fault_calls(f.s) >= 1);
    store_fault_off(f.s);
    fx_close(&f);
}

static int group_setup(void **state)
{
    (void)state;
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
    setenv("GONGKAI_NOW", "2024-06-28T10:00:00", 1);
    err e = {0};
    if (web_password_hash("Gongkai2024", pw_hash, &e) || web_password_hash("Xinmima2025", pw_hash2, &e)) {
        fprintf(stderr, "password hash: %s\n", e.msg);
        return -1;
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault_message),
        cmocka_unit_test(test_write_paths),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
