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
 *       database;
 *   (d) that success leaves exactly the audit rows its row says: one for
 *       each record written (PATH: one), none for bookkeeping (QUIET) or
 *       when nothing changed; and by (b) a failure leaves none.
 * Each write path is ONE row of write_paths[]: a name, a setup run without
 * faults on a fresh database, and the operation as the command line or the
 * console runs it (read, let the domain decide, store). Runs on SQLite
 * (byte for byte) and, under tests/e2e/pg.sh, on PostgreSQL (every row of
 * every table; see store_fault_snapshot). To add a write path: write its
 * op (and a setup when it needs records; setups may call other ops) and add
 * one row: PATH(name, setup, op) (AUDITS or QUIET when it leaves other than
 * one audit row); SQLITE_PATH for a SQLite-only feature;
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
#include <unistd.h>

#include "publish/channel.h"
#include "calendar/calendar.h"
#include "disclosure/repeat.h"
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
APP_STEP(op_answer, .kind = APP_EV_ANSWER, .date = D("2024-06-25"), .outcome = "granted", .detail = "提供汇总表")
APP_STEP(op_withdraw, .kind = APP_EV_WITHDRAW, .date = D("2024-06-14"), .note = "申请人撤回")
APP_STEP(op_deliver, .kind = APP_EV_DELIVER, .date = D("2024-06-26"), .how = APP_DL_PAPER_PICKUP, .ref = "王小明",
         .proof = "申请人当面签收")

/* The delivery with its proof file, as `apply deliver --proof-file` runs it:
 * the step and the file in one transaction. */
static int op_deliver_file(struct fx *f, err *e)
{
    struct app before, after;
    int rc = store_app_get(f->s, f->agency, APP_NO, &before, e);
    if (rc)
        return rc;
    after = before;
    struct app_rules r = rules();
    struct app_event ev = {.kind = APP_EV_DELIVER, .date = D("2024-06-26"), .how = APP_DL_PAPER_POST,
                           .ref = "EMS 1187654321"};
    if ((rc = app_step(&r, f->cal, &after, &ev, e)))
        return rc;
    struct store_proof p = {"receipt.pdf", "application/pdf", "%PDF-1.4 signed", 15};
    return store_app_save_proof(f->s, &before, &after, "xinxiyuan", "deliver", after.last_step, "送达", &p, e);
}

/* The e-mail outbox: a step that owes mail writes its row in the step's
 * transaction (mail.host set); the sender's bookkeeping is quiet. */
static int op_mail_on(struct fx *f, err *e)
{
    int rc = store_setting_set(f->s, f->agency, "mail.host", "127.0.0.1", e);
    if (!rc)
        rc = store_setting_set(f->s, f->agency, "mail.staff_to", "staff@example.gov.cn", e);
    return rc;
}
static int op_app_register_mail(struct fx *f, err *e) { return op_app_register(f, e); }
static int op_mail_claim(struct fx *f, err *e)
{
    struct store_mail m;
    int rc = store_mail_claim(f->s, INT64_C(4000000000), 300, &m, e);
    return rc < 0 ? rc : rc == 1 ? 0 : err_set(e, GK_ENOTFOUND, "mail", "nothing to claim");
}
static int op_mail_sent(struct fx *f, err *e) { return store_mail_sent(f->s, 1, "主题", "<x@y>", e); }
static int op_mail_failed(struct fx *f, err *e)
{
    return store_mail_failed(f->s, 1, "smtp: connection refused", INT64_C(4000000060), "主题", "<x@y>", e);
}

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
/* ---- the handling chain (issue 18): each step as `gongkai apply assign`,
 * `draft` (with a released file), `return` and `approve` run it ---- */
static int chain_run(struct fx *f, const char *who, const char *role, struct app_chain_event ev,
                     const struct store_chain_file *files, size_t nfiles, err *e)
{
    struct app a;
    struct app_chain before, after;
    int rc = store_app_get(f->s, f->agency, APP_NO, &a, e);
    if (rc || (rc = store_chain_get(f->s, &a, &before, e)))
        return rc;
    after = before;
    struct app_chain_rules r;
    app_chain_rules_default(&r, D("2024-06-28"));
    struct app_chain_actor actor = {who, role};
    ev.date = D("2024-06-24");
    ev.nfiles = (int)nfiles;
    if ((rc = app_chain_step(&r, &a, &after, &actor, &ev, e)))
        return rc;
    buf sum;
    buf_init(&sum);
    app_chain_summary(&after, &ev, &sum);
    rc = store_chain_save(f->s, &a, &before, &after, who, ev.action, sum.data, files, nfiles, e);
    buf_free(&sum);
    return rc;
}
static int op_chain_assign(struct fx *f, err *e)
{
    return chain_run(f, "gongkaiban", "office", (struct app_chain_event){.action = APP_CA_ASSIGN, .to = "xinxiyuan"},
                     NULL, 0, e);
}
static int op_chain_reassign(struct fx *f, err *e)
{
    return chain_run(f, "gongkaiban", "office",
                     (struct app_chain_event){.action = APP_CA_REASSIGN, .to = "wangfang", .reason = "休假"}, NULL, 0,
                     e);
}
static int op_chain_draft(struct fx *f, err *e)
{
    static const char csv[] = "县,人数\n驿城区,12\n";
    static const struct store_chain_file file = {.name = "汇总表.csv", .data = csv, .len = sizeof csv - 1};
    return chain_run(f, "xinxiyuan", "officer",
                     (struct app_chain_event){.action = APP_CA_DRAFT, .outcome = "granted", .detail = "提供汇总表"},
                     &file, 1, e);
}
static int op_chain_return(struct fx *f, err *e)
{
    return chain_run(f, "lingdao", "leader", (struct app_chain_event){.action = APP_CA_RETURN, .comment = "补充说明"},
                     NULL, 0, e);
}
static int op_chain_approve(struct fx *f, err *e)
{
    return chain_run(f, "lingdao", "leader", (struct app_chain_event){.action = APP_CA_APPROVE}, NULL, 0, e);
}
static void setup_chain_assigned(struct fx *f)
{
    err e = {0};
    setup_app(f);
    must(op_chain_assign(f, &e), &e, "assign");
}
static void setup_chain_drafted(struct fx *f)
{
    err e = {0};
    setup_chain_assigned(f);
    must(op_chain_draft(f, &e), &e, "draft");
}
/* An application whose reply (granted, "提供汇总表") is approved. */
static void setup_app_approved(struct fx *f)
{
    err e = {0};
    setup_chain_drafted(f);
    must(op_chain_approve(f, &e), &e, "approve");
}
static void setup_app_answered(struct fx *f)
{
    err e = {0};
    setup_app_approved(f);
    must(op_answer(f, &e), &e, "answer");
}
static void setup_mail_on(struct fx *f)
{
    err e = {0};
    must(op_mail_on(f, &e), &e, "mail settings");
}
static void setup_mail_queued(struct fx *f)
{
    err e = {0};
    setup_mail_on(f);
    must(op_app_register(f, &e), &e, "register with mail on");
}
static void setup_mail_claimed(struct fx *f)
{
    err e = {0};
    setup_mail_queued(f);
    must(op_mail_claim(f, &e), &e, "mail claimed");
}

/* Art. 44: the draft for a group of repeated requests, linked to them */
static int op_repeat_publish(struct fx *f, err *e)
{
    struct app a;
    int rc = store_app_get(f->s, f->agency, APP_NO, &a, e);
    if (rc)
        return rc;
    struct doc d;
    if ((rc = repeat_draft(f->agency, "2024年城乡低保对象名单", "根据《条例》第四十四条纳入主动公开。", "驻马店市民政局", D("2024-06-03"), &d, e)) == 0)
        rc = store_repeat_publish(f->s, f->agency, &a.id, 1, &d, "张三", e);
    doc_clear(&d);
    return rc;
}

/* ---- the register of documents and their attribute (issue 18) ---- */
static int op_doc_reg_add(struct fx *f, err *e)
{
    struct doc_reg r = {.agency_id = f->agency, .attr = DOC_ATTR_WITHHELD, .registered_on = D("2024-06-20")};
    snprintf(r.title, sizeof r.title, "关于机构编制调整的请示");
    snprintf(r.reason, sizeof r.reason, "请示报告，属过程性信息");
    snprintf(r.basis, sizeof r.basis, "art16.process");
    int rc = doc_reg_check(&r, D("2024-06-28"), e);
    return rc ? rc : store_doc_reg_add(f->s, &r, "xinxiyuan", e);
}
static int first_reg(const struct doc_reg *r, void *arg)
{
    *(struct doc_reg *)arg = *r;
    return 1;
}
static int doc_reg_run(struct fx *f, struct doc_reg_event ev, err *e)
{
    struct doc_reg before = {0}, after;
    int rc = store_doc_reg_list(f->s, f->agency, 0, first_reg, &before, e);
    if (!rc && !before.id)
        rc = err_set(e, GK_ENOTFOUND, "doc", "nothing registered");
    if (rc || (rc = store_doc_reg_facts(f->s, &before, &ev.doc_published, e)))
        return rc;
    after = before;
    if ((rc = doc_reg_step(&after, &ev, D("2024-06-28"), e)))
        return rc;
    return store_doc_reg_save(f->s, &before, &after, ev.actor, ev.action, e);
}
static int op_doc_reg_request(struct fx *f, err *e)
{
    return doc_reg_run(f, (struct doc_reg_event){.action = DOC_REG_REQUEST, .actor = "xinxiyuan",
                                                 .role = DOC_R_AUTHOR, .attr = DOC_ATTR_ON_REQUEST,
                                                 .reason = "涉及特定对象", .basis = "art27.on_request"}, e);
}
static int op_doc_reg_approve(struct fx *f, err *e)
{
    return doc_reg_run(f, (struct doc_reg_event){.action = DOC_REG_APPROVE, .actor = "shenhe", .role = DOC_R_REVIEWER1},
                       e);
}
static void setup_doc_reg(struct fx *f)
{
    err e = {0};
    must(op_doc_reg_add(f, &e), &e, "doc register");
}
static void setup_doc_reg_pending(struct fx *f)
{
    err e = {0};
    setup_doc_reg(f);
    must(op_doc_reg_request(f, &e), &e, "doc attr request");
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

/* ---- issue 15: the audit chain, retention, re-sealing --------------------- */

static int op_audit_add(struct fx *f, err *e)
{
    return store_audit_add(f->s, f->agency, "wangfang", "thing", 1, "touch", NULL, "{\"x\":1}", e);
}

/* personal data of applications concluded before 2024-07-01 erased */
static int op_retention(struct fx *f, err *e)
{
    int64_t n;
    return store_app_retention(f->s, f->agency, D("2024-07-01"), "wangfang", &n, e);
}

/* audit rows recorded before the year 3000 (all of them) to an archive file
 * outside the database, the chains' bases moved past them */
static int op_audit_rotate(struct fx *f, err *e)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/gongkai-faults-%ld.audit", (long)getpid());
    int64_t n;
    int rc = store_audit_rotate(f->s, "3000-01-01", path, &n, e);
    unlink(path);
    return rc;
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

/* ---- channels and archive copies (issue 18) ---- */

static int op_channel_add(struct fx *f, err *e)
{
    return store_channel_add(f->s, f->agency, CHAN_WECHAT, "某某民政", "孙七", NULL, e);
}

static int64_t fx_channel;

static void setup_channel_doc(struct fx *f)
{
    err e = {0};
    doc_to(f, DOC_PUBLISHED);
    must(store_channel_add(f->s, f->agency, CHAN_GAZETTE, "某某市人民政府公报", "孙七", &fx_channel, &e), &e,
         "channel add");
}

static int op_channel_send(struct fx *f, err *e)
{
    return store_channel_send(f->s, f->agency, fx_channel, f->doc_id, D("2090-01-02"), "2090年第1期", "孙七", NULL, e);
}

static int op_archive_package(struct fx *f, err *e)
{
    return store_archive_package_add(f->s, f->agency, ARCH_ARCHIVE, &f->doc_id, 1, "孙七", NULL, e);
}

static int64_t fx_package;

static void setup_archive_package(struct fx *f)
{
    err e = {0};
    doc_to(f, DOC_PUBLISHED);
    must(store_archive_package_add(f->s, f->agency, ARCH_LIBRARY, &f->doc_id, 1, "孙七", &fx_package, &e), &e,
         "package");
}

static int op_archive_deliver(struct fx *f, err *e)
{
    return store_archive_deliver(f->s, f->agency, fx_package, D("2090-01-03"), "某某市图书馆", "收字第1号", "孙七", e);
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
static void setup_report_signed(struct fx *f);
static void setup_report_published(struct fx *f)
{
    err e = {0};
    setup_report_signed(f);
    must(op_report_publish(f, &e), &e, "report publish");
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

static int op_setting_init(struct fx *f, err *e)
{
    buf v;
    buf_init(&v);
    int rc = store_setting_init(f->s, 0, "web.secret", "00ff", &v, e);
    buf_free(&v);
    return rc;
}

static int op_agency_add(struct fx *f, err *e)
{
    struct store_agency a = {0};
    snprintf(a.code, sizeof a.code, "dh");
    snprintf(a.name, sizeof a.name, "定海区民政局");
    return store_agency_add(f->s, &a, NULL, e);
}

/* The agency tree (migration 014): an import of three agencies, a city and
 * its county and department, with settings; all or nothing. */
static int op_agency_import(struct fx *f, err *e)
{
    (void)f;
    struct store_agency_row rows[3] = {0};
    static const char *const v[3][5] = {
        {"zss", "舟山市人民政府", "", "government", "city"},
        {"dhq", "定海区人民政府", "zss", "government", "county"},
        {"zss-jyj", "舟山市教育局", "zss", "department", ""},
    };
    for (int i = 0; i < 3; i++) {
        rows[i].line = i + 2;
        snprintf(rows[i].a.code, sizeof rows[i].a.code, "%s", v[i][0]);
        snprintf(rows[i].a.name, sizeof rows[i].a.name, "%s", v[i][1]);
        snprintf(rows[i].parent, sizeof rows[i].parent, "%s", v[i][2]);
        snprintf(rows[i].a.kind, sizeof rows[i].a.kind, "%s", v[i][3]);
        snprintf(rows[i].a.level, sizeof rows[i].a.level, "%s", v[i][4]);
        rows[i].settings[0] = "agency.phone";
        rows[i].values[0] = "0580-2000000";
    }
    return store_agency_import(f->s, rows, 3, "cli", e);
}
/* The office sends back a published report; publishes the summed report. */
static int op_report_return(struct fx *f, err *e)
{
    return store_report_return(f->s, f->agency, 2023, 1, f->agency, "表三有误，请更正。", "gongkaiban", e);
}
static int op_area_report(struct fx *f, err *e)
{
    return store_area_report_publish(f->s, f->agency, 2023, "{}", "{\"summed\":[],\"missing\":[]}", "gongkaiban", e);
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
    return store_session_login(f->s, &ss, f->agency, "wangfang", "{\"ip\":\"10.0.0.7\"}", e);
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
    int audits;                          /* audit rows a success leaves (a failure: none) */
};
enum {
    WP_SQLITE_ONLY = 1,   /* a feature PostgreSQL deployments do not have */
    WP_NO_CHANGE = 2,     /* succeeds without changing anything (a repeated form, say) */
};

/* ---- talking with the public: messages, suggestions, comment on drafts ---- */
static int op_msg_add(struct fx *f, err *e)
{
    struct msg m = {.agency_id = f->agency, .source = MSG_SRC_HOTLINE, .kind = MSG_K_CONSULT};
    m.received = D("2024-06-03");
    snprintf(m.order_no, sizeof m.order_no, "GD2024060300017");
    snprintf(m.name, sizeof m.name, "王小明");
    snprintf(m.phone, sizeof m.phone, "13800000000");
    snprintf(m.body, sizeof m.body, "低保申请需要哪些材料？");
    struct msg_rules r;
    msg_rules_default(&r, D("2024-12-31"));
    int rc = msg_register(&r, f->cal, &m, e);
    return rc ? rc : store_msg_add(f->s, &m, "xinxiyuan", e);
}
static void setup_msg(struct fx *f)
{
    err e = {0};
    must(op_msg_add(f, &e), &e, "message");
}
static int op_msg_assign(struct fx *f, err *e)
{
    struct msg before, after;
    int rc = store_msg_get(f->s, f->agency, 1, &before, e);
    if (rc)
        return rc;
    after = before;
    struct msg_rules r;
    msg_rules_default(&r, D("2024-12-31"));
    struct msg_step st = {.ev = MSG_EV_ASSIGN, .on = D("2024-06-04"), .actor = "gongkaiban", .text = "张经办"};
    rc = msg_apply(&r, f->cal, &after, &st, e);
    return rc ? rc : store_msg_save(f->s, &before, &after, &st, "gongkaiban", e);
}
static int op_sug_add(struct fx *f, err *e)
{
    struct sug x = {.agency_id = f->agency, .kind = SUG_NPC, .role = SUG_LEAD, .assigned = D("2024-03-20")};
    snprintf(x.number, sizeof x.number, "第128号");
    snprintf(x.author, sizeof x.author, "刘代表");
    snprintf(x.title, sizeof x.title, "关于加强农村低保动态管理的建议");
    struct sug_rules r;
    sug_rules_default(&r, D("2024-12-31"));
    int rc = sug_register(&r, &x, e);
    return rc ? rc : store_sug_add(f->s, &x, "gongkaiban", e);
}
static void setup_sug(struct fx *f)
{
    err e = {0};
    must(op_sug_add(f, &e), &e, "suggestion");
}
static int op_sug_reply(struct fx *f, err *e)
{
    struct sug before, after;
    int rc = store_sug_get(f->s, f->agency, 1, &before, e);
    if (rc)
        return rc;
    after = before;
    struct sug_rules r;
    sug_rules_default(&r, D("2024-12-31"));
    struct sug_step st = {.ev = SUG_EV_REPLY, .on = D("2024-05-20"), .text = "答复全文", .cls = SUG_C_A};
    rc = sug_apply(&r, &after, &st, e);
    return rc ? rc : store_sug_save(f->s, &before, &after, "reply", st.text, st.on, "gongkaiban", e);
}
static int op_consult_add(struct fx *f, err *e)
{
    struct consult k = {.agency_id = f->agency, .kind = CONS_DECISION, .opens = D("2024-03-01"),
                        .closes = D("2024-03-31")};
    snprintf(k.title, sizeof k.title, "城市低保标准调整方案（征求意见稿）");
    int rc = consult_check(f->cal, &k, 0, e);
    return rc ? rc : store_consult_add(f->s, &k, "gongkaiban", e);
}
static void setup_consult(struct fx *f)
{
    err e = {0};
    must(op_consult_add(f, &e), &e, "consultation");
}
static int op_comment_add(struct fx *f, err *e)
{
    struct consult k;
    int rc = store_consult_get(f->s, f->agency, 1, &k, e);
    if (rc)
        return rc;
    struct comment m = {.agency_id = f->agency};
    snprintf(m.body, sizeof m.body, "建议提高标准。");
    snprintf(m.contact, sizeof m.contact, "13800000000");
    rc = comment_check_new(&k, &m, D("2024-03-05"), e);
    return rc ? rc : store_comment_add(f->s, &m, e);
}
static void setup_comment(struct fx *f)
{
    setup_consult(f);
    err e = {0};
    must(op_comment_add(f, &e), &e, "comment");
}
static int op_comment_moderate(struct fx *f, err *e)
{
    struct comment before, after;
    int rc = store_comment_get(f->s, f->agency, 1, &before, e);
    if (rc)
        return rc;
    after = before;
    rc = comment_moderate(&after, true, NULL, e);
    return rc ? rc : store_comment_save(f->s, &before, &after, "shown", "gongkaiban", e);
}

/* issue 15: a suggestion replied to on 2024-05-20 and a comment received on
 * 2024-03-05, both before the retention cut of 2024-07-01 */
static void setup_eng_old(struct fx *f)
{
    setup_sug(f);
    err e = {0};
    must(op_sug_reply(f, &e), &e, "reply");
    setup_comment(f);
}
static int op_eng_retention(struct fx *f, err *e)
{
    int64_t n[STORE_ENG_SEALED];
    return store_eng_retention(f->s, f->agency, D("2024-07-01"), "wangfang", n, e);
}
/* the security administrator's policy: the setting and its security event */
static int op_policy_set(struct fx *f, err *e)
{
    return store_policy_set(f->s, f->agency, "security.password_history", 3, 5, "anquan", e);
}

/* A write leaves exactly one audit row (PATH), one per record it writes when
 * it writes several (AUDITS: the count), none when nothing changed
 * (NO_CHANGE_PATH), and none for the store's own bookkeeping (QUIET: sessions,
 * rate events, the search index, and the primitives under the audited
 * commands that call them, e.g. "user add" under "user create"). */
#define PATH(name, setup, op) {name, setup, op, 0, 1}
#define AUDITS(name, setup, op, n) {name, setup, op, 0, n}
#define QUIET(name, setup, op) {name, setup, op, 0, 0}
#define SQLITE_PATH(name, setup, op) {name, setup, op, WP_SQLITE_ONLY, 0}
#define NO_CHANGE_PATH(name, setup, op) {name, setup, op, WP_NO_CHANGE, 0}
static const struct write_path write_paths[] = {
    /* applications: register and every step */
    PATH("apply register", no_setup, op_app_register),
    PATH("audit add (chained to the head)", no_setup, op_audit_add),
    PATH("retention erases personal fields", setup_app_answered, op_retention),
    /* rotation moves rows out to the archive and records itself: one row fewer */
    /* register, assign, draft, approve, answer moved out; the base row in: -4 */
    AUDITS("audit rotate (rows to the archive, the base moved)", setup_app_answered, op_audit_rotate, -4),
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
    PATH("apply assign", setup_app, op_chain_assign),
    PATH("apply assign (reassign)", setup_chain_assigned, op_chain_reassign),
    PATH("apply draft (with a released file)", setup_chain_assigned, op_chain_draft),
    PATH("apply return", setup_chain_drafted, op_chain_return),
    PATH("apply approve", setup_chain_drafted, op_chain_approve),
    PATH("apply answer (the approved reply)", setup_app_approved, op_answer),
    PATH("doc register (不予公开)", no_setup, op_doc_reg_add),
    PATH("doc attr (change requested)", setup_doc_reg, op_doc_reg_request),
    PATH("doc attr (change approved)", setup_doc_reg_pending, op_doc_reg_approve),
    PATH("apply withdraw", setup_app, op_withdraw),
    PATH("apply deliver", setup_app_answered, op_deliver),
    PATH("apply deliver (with a proof file)", setup_app_answered, op_deliver_file),
    PATH("apply register (mail on: receipt and staff notice queued)", setup_mail_on, op_app_register_mail),
    QUIET("mail claimed (held under a lease)", setup_mail_queued, op_mail_claim),
    QUIET("mail sent", setup_mail_claimed, op_mail_sent),
    QUIET("mail failed (kept for a retry)", setup_mail_claimed, op_mail_failed),
    PATH("apply bulk load", no_setup, op_app_bulk),
    AUDITS("apply online intake (limits, surge mark)", setup_surge, op_app_intake, 2),
    PATH("apply intake verdict (spam)", setup_app, op_app_intake_spam),
    /* review and litigation cases */
    PATH("review add", setup_app_answered, op_case_add),
    AUDITS("repeated requests: the draft for Art. 44 (document and links)", setup_app_answered, op_repeat_publish, 2),
    PATH("review close", setup_case, op_case_close),
    /* documents: create, edit, each workflow step, publish, repeal, expire */
    PATH("doc add", no_setup, op_doc_add),
    AUDITS("doc add --request-id", no_setup, op_doc_add_request, 2),
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
    AUDITS("doc correct (draft)", setup_doc_published_attached, op_doc_correct, 2),
    PATH("doc correct (publish)", setup_doc_correction_signed, op_doc_correct_publish),
    PATH("doc attach", setup_doc_draft, op_doc_attach),
    AUDITS("doc publish --confirm-unread", setup_doc_signed_scan, op_doc_publish_confirm, 2),
    AUDITS("doc add --attach", no_setup, op_doc_add_attach, 2),
    AUDITS("doc import", setup_doc_published, op_doc_import, 3),
    PATH("doc words", no_setup, op_doc_words),
    PATH("doc synonyms", no_setup, op_doc_synonyms),
    PATH("doc stat", no_setup, op_doc_stat),
    PATH("channel add", no_setup, op_channel_add),
    PATH("channel send", setup_channel_doc, op_channel_send),
    PATH("archive package", setup_doc_published, op_archive_package),
    PATH("archive deliver", setup_archive_package, op_archive_deliver),
    SQLITE_PATH("doc reindex", setup_docs_many, op_doc_reindex),
    /* the annual report on the portal */
    PATH("report save", no_setup, op_report_save),
    PATH("report sign off", setup_report, op_report_sign),
    PATH("report publish", setup_report_signed, op_report_publish),
    PATH("report correct", setup_report_correction, op_report_publish),
    PATH("agency kind", no_setup, op_agency_kind),
    /* calendar, settings, agencies */
    AUDITS("calendar import with re-dating", setup_app, op_calendar_import, 2),
    QUIET("setting", no_setup, op_setting),
    QUIET("setting kept by the first node", no_setup, op_setting_init),
    QUIET("agency add", no_setup, op_agency_add),
    AUDITS("agency import (tree)", no_setup, op_agency_import, 3),
    PATH("report returned by the office", setup_report_published, op_report_return),
    PATH("summed report of an area", no_setup, op_area_report),
    /* users, sessions, tokens, rate events */
    QUIET("user add", no_setup, op_user_add),
    QUIET("user role", no_setup, op_user_role),
    QUIET("user password", no_setup, op_user_password),
    QUIET("user logged in", no_setup, op_user_login),
    PATH("user create (console, cli)", no_setup, op_user_create),
    PATH("user role + password reset", setup_session, op_user_reset),
    PATH("user own password", setup_session, op_user_own_password),
    PATH("user disable (cli)", setup_session, op_user_disable),
    QUIET("session add", no_setup, op_session_add),
    PATH("login", no_setup, op_login),
    PATH("logout", setup_session, op_logout),
    QUIET("session touch", setup_session, op_session_touch),
    QUIET("session delete", setup_session, op_session_delete),
    NO_CHANGE_PATH("session delete (already ended)", no_setup, op_session_delete),
    QUIET("session delete user", setup_session, op_session_delete_user),
    QUIET("session purge", setup_session, op_session_purge),
    PATH("token add", no_setup, op_token_add),
    PATH("token revoke", setup_token, op_token_revoke),
    QUIET("rate event", no_setup, op_rate_add),
    /* talking with the public */
    PATH("message register (12345 work order)", no_setup, op_msg_add),
    PATH("message assign", setup_msg, op_msg_assign),
    PATH("suggestion add", no_setup, op_sug_add),
    PATH("suggestion reply", setup_sug, op_sug_reply),
    PATH("consultation open", no_setup, op_consult_add),
    PATH("comment on a draft", setup_consult, op_comment_add),
    PATH("comment moderate", setup_comment, op_comment_moderate),
    /* issue 15: their personal fields erased past the period (one audit row a register), the policy */
    AUDITS("registers retention erases personal fields", setup_eng_old, op_eng_retention, 2),
    PATH("security policy set", no_setup, op_policy_set),
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

/* Entries in the audit trail, of every agency. */
static int count_row(const struct store_audit_entry *a, void *arg)
{
    (void)a;
    ++*(long *)arg;
    return 0;
}
static long audit_rows(struct fx *f, const char *name)
{
    struct store_audit_filter flt = {.limit = 1000000};
    long n = 0;
    err e = {0};
    if (store_audit_list(f->s, &flt, count_row, &n, &e))
        fail_msg("%s: audit list: %s", name, e.msg);
    return n;
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
    long n, audits0 = audit_rows(&f, w->name);
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
            long audits = audit_rows(&f, w->name) - audits0;
            if (audits != w->audits)
                fail_msg("%s: left %ld audit rows, not %d", w->name, audits, w->audits);
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
