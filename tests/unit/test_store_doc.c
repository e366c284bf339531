/* Unit tests for the store's documents: the workflow persisted with its
 * audit trail, screening hits kept and cleared, index numbers, attachments,
 * the all-or-nothing import, the yearly figures and table 二. Runs on SQLite
 * and (tests/e2e/pg.sh) on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
#include "report/report.h"
#include "search/search.h"
#include "store/store.h"
#include "testutil.h"

static int64_t agency;

static gk_day D(const char *s)
{
    gk_day d;
    if (date_parse(s, &d, NULL))
        fail_msg("bad test date %s", s);
    return d;
}

static int setup(void **state)
{
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
    setenv("GONGKAI_NOW", "2024-06-28T10:00:00", 1);
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    struct store_agency a = {0};
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    strcpy(a.org_code, "11410000005184320J");
    err e = {0};
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

static void draft(struct doc *d, const char *title, const char *written, const char *body)
{
    doc_init(d);
    d->agency_id = agency;
    snprintf(d->title, sizeof d->title, "%s", title);
    strcpy(d->issuer, "驻马店市民政局");
    d->written = D(written);
    d->body = xstrdup(body);
    strcpy(d->author, "张三");
}

static int64_t add_draft(store_t *s, const char *title, const char *written, const char *body)
{
    struct doc d;
    draft(&d, title, written, body);
    err e = {0};
    if (store_doc_add(s, &d, "张三", &e))
        fail_msg("add: %s", e.msg);
    int64_t id = d.id;
    doc_clear(&d);
    return id;
}

static int step(store_t *s, int64_t id, int action, int role, const char *actor, const char *comment,
                struct store_doc_outcome *out, err *e)
{
    struct store_doc_step st = {.action = action, .role = role, .actor = actor, .comment = comment,
                                .date = DOC_NODAY};
    return store_doc_step(s, agency, id, &st, out, e);
}

static void must(int rc, const err *e)
{
    if (rc)
        fail_msg("refused: %s: %s", e->where, e->msg);
}

struct audit_log { buf b; int n; };

static int audit_cb(const struct store_audit_entry *a, void *arg)
{
    struct audit_log *l = arg;
    /* newest first: prepend by building a reversed list */
    buf line;
    buf_init(&line);
    buf_printf(&line, "%s/%s/%s/%s;", a->action, a->actor, a->before_json ? "B" : "-", a->after_json ? "A" : "-");
    buf_puts(&line, l->b.data ? l->b.data : "");
    buf_free(&l->b);
    l->b = line;
    l->n++;
    return 0;
}

static void audit_of(store_t *s, int64_t id, struct audit_log *l)
{
    buf_init(&l->b);
    l->n = 0;
    struct store_audit_filter f = {.agency_id = agency, .entity = "document", .entity_id = id, .limit = 100};
    err e = {0};
    must(store_audit_list(s, &f, audit_cb, l, &e), &e);
}

static void test_workflow_persisted(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t id = add_draft(s, "关于开展2024年度养老服务检查的通知", "2024-06-03",
                           "各县区：\n联系人王某，身份证号412801199001011238。\n此件为内部资料。");
    struct doc d;
    must(store_doc_get(s, agency, id, &d, &e), &e);
    assert_int_equal(d.state, DOC_DRAFT);
    assert_string_equal(d.index_no, "");
    doc_clear(&d);
    struct store_doc_outcome o;
    /* nobody but the author submits; then screening finds the ID and the marking */
    assert_int_equal(step(s, id, DOC_A_SUBMIT, DOC_R_REVIEWER1, "李四", NULL, &o, &e), GK_ESTATE);
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.from, DOC_DRAFT);
    assert_int_equal(o.to, DOC_REVIEW1);
    assert_int_equal(o.hits_found, 2);
    assert_int_equal(o.hits_open, 2);
    struct store_doc_hit *h;
    size_t nh;
    must(store_doc_hits(s, id, &h, &nh, &e), &e);
    assert_int_equal(nh, 2);
    assert_int_equal(h[0].kind, DOC_HIT_ID);
    assert_string_equal(h[0].found, "412801199001011238");
    assert_int_equal(h[1].kind, DOC_HIT_WORD);
    assert_string_equal(h[1].found, "内部资料");
    int64_t hit_id = h[1].id, id_hit = h[0].id;
    free(h);
    /* the author cannot approve their own document; the first reviewer can */
    assert_int_equal(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "张三", NULL, &o, &e), GK_ESTATE);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
    assert_int_equal(o.to, DOC_REVIEW2);
    /* the same person cannot approve the second review */
    assert_int_equal(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER2, "李四", NULL, &o, &e), GK_ESTATE);
    /* the second reviewer fixes the text: the ID goes, its hit with it */
    struct doc ed;
    must(store_doc_get(s, agency, id, &ed, &e), &e);
    free(ed.body);
    ed.body = xstrdup("各县区：\n联系人王某。\n此件为内部资料。");
    struct store_doc_step st = {.action = DOC_A_EDIT, .role = DOC_R_REVIEWER2, .actor = "王五", .date = DOC_NODAY,
                                .edit = &ed};
    must(store_doc_step(s, agency, id, &st, &o, &e), &e);
    assert_int_equal(o.hits_open, 1);
    doc_clear(&ed);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, &o, &e), &e);
    assert_int_equal(o.to, DOC_SIGNED);
    /* publication waits for the open hit */
    assert_int_equal(step(s, id, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七", NULL, &o, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "screening hit"));
    /* a fixed hit or none at all cannot be cleared; a clearance needs a note */
    struct store_doc_step cl = {.action = DOC_A_CLEAR, .role = DOC_R_OFFICE, .actor = "孙七", .hit_id = id_hit,
                                .comment = "ok", .date = DOC_NODAY};
    assert_int_equal(store_doc_step(s, agency, id, &cl, &o, &e), GK_ESTATE);   /* fixed */
    assert_non_null(strstr(e.msg, "not open"));
    cl.hit_id = 999999;
    assert_int_equal(store_doc_step(s, agency, id, &cl, &o, &e), GK_ENOTFOUND);
    cl.hit_id = hit_id;
    cl.comment = NULL;
    assert_int_equal(store_doc_step(s, agency, id, &cl, &o, &e), GK_ESTATE);
    cl.comment = "“内部资料”是引用的文件名称，不是密级标志";
    must(store_doc_step(s, agency, id, &cl, &o, &e), &e);
    assert_int_equal(o.hits_open, 0);
    assert_int_equal(store_doc_step(s, agency, id, &cl, &o, &e), GK_ESTATE);   /* cleared already */
    /* published, with an index number from the agency's pattern */
    struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七",
                                 .date = D("2024-06-20"),
                                 .channels = (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WECHAT)};
    must(store_doc_step(s, agency, id, &pub, &o, &e), &e);
    assert_string_equal(o.index_no, "11410000005184320J/2024-00001");
    must(store_doc_get(s, agency, id, &d, &e), &e);
    assert_int_equal(d.state, DOC_PUBLISHED);
    assert_int_equal(d.published, D("2024-06-20"));
    assert_string_equal(d.reviewer1, "李四");
    assert_string_equal(d.reviewer2, "王五");
    assert_string_equal(d.signer, "赵六");
    assert_string_equal(d.publisher, "孙七");
    assert_int_equal(d.channels, (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WECHAT));
    doc_clear(&d);
    /* published is final: no edits, no second publication */
    assert_int_equal(step(s, id, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七", NULL, &o, &e), GK_ESTATE);
    assert_int_equal(step(s, id, DOC_A_EDIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), GK_ESTATE);
    /* every step is in the audit trail, in order, with before and after */
    struct audit_log l;
    audit_of(s, id, &l);
    assert_string_equal(l.b.data, "add/张三/-/A;submit/张三/B/A;approve/李四/B/A;edit/王五/B/A;approve/王五/B/A;"
                                  "approve/赵六/B/A;clear/孙七/-/A;publish/孙七/B/A;");
    buf_free(&l.b);
    /* the cleared hit keeps who and why */
    must(store_doc_hits(s, id, &h, &nh, &e), &e);
    assert_int_equal(nh, 2);
    for (size_t i = 0; i < nh; i++) {
        if (h[i].kind == DOC_HIT_WORD) {
            assert_int_equal(h[i].id, hit_id);
            assert_true(h[i].cleared);
            assert_string_equal(h[i].cleared_by, "孙七");
            assert_non_null(strstr(h[i].note, "引用"));
        } else {   /* the ID number is kept on record as fixed */
            assert_int_equal(h[i].id, id_hit);
            assert_true(h[i].fixed);
            assert_false(h[i].cleared);
        }
    }
    free(h);
}

struct comments { int n; char last[256]; };

static int comment_cb(const struct store_doc_comment *c, void *arg)
{
    struct comments *k = arg;
    k->n++;
    snprintf(k->last, sizeof k->last, "%s:%s:%s:%s", c->actor, c->role, c->action, c->text);
    return 0;
}

static void test_returns_and_clearances(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t id = add_draft(s, "关于某事项的通知", "2024-06-03", "请联系13812345678。");
    struct store_doc_outcome o;
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.hits_open, 1);
    /* a return needs its comment, which is kept */
    assert_int_equal(step(s, id, DOC_A_RETURN, DOC_R_REVIEWER1, "李四", NULL, &o, &e), GK_ESTATE);
    must(step(s, id, DOC_A_RETURN, DOC_R_REVIEWER1, "李四", "请删除个人手机号码", &o, &e), &e);
    assert_int_equal(o.to, DOC_DRAFT);
    struct comments k = {0};
    must(store_doc_comments(s, id, comment_cb, &k, &e), &e);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.last, "李四:reviewer1:return:请删除个人手机号码");
    /* resubmitted unchanged: the hit is open again; cleared, it stays cleared
     * across the next screening of the same text */
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    struct store_doc_hit *h;
    size_t nh;
    must(store_doc_hits(s, id, &h, &nh, &e), &e);
    assert_int_equal(nh, 1);
    struct store_doc_step cl = {.action = DOC_A_CLEAR, .role = DOC_R_REVIEWER1, .actor = "李四", .hit_id = h[0].id,
                                .comment = "是单位公开的服务热线", .date = DOC_NODAY};
    free(h);
    must(store_doc_step(s, id ? agency : 0, id, &cl, &o, &e), &e);
    must(step(s, id, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.hits_found, 1);
    assert_int_equal(o.hits_open, 0);
    /* the approvals of a returned round do not count */
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_RETURN, DOC_R_REVIEWER2, "王五", "补充依据", &o, &e), &e);
    struct doc d;
    must(store_doc_get(s, agency, id, &d, &e), &e);
    assert_string_equal(d.reviewer1, "");
    doc_clear(&d);
    /* comments from anyone at any time */
    must(step(s, id, DOC_A_COMMENT, DOC_R_LEADER, "赵六", "注意时效", &o, &e), &e);
    assert_int_equal(step(s, id, DOC_A_COMMENT, DOC_R_LEADER, "赵六", "", &o, &e), GK_EINVAL);
    k.n = 0;
    must(store_doc_comments(s, id, comment_cb, &k, &e), &e);
    assert_int_equal(k.n, 4);
    /* another agency cannot touch it */
    struct store_doc_step c2 = {.action = DOC_A_COMMENT, .role = DOC_R_AUTHOR, .actor = "x", .comment = "x",
                                .date = DOC_NODAY};
    assert_int_equal(store_doc_step(s, agency + 1, id, &c2, &o, &e), GK_ENOTFOUND);
    assert_int_equal(store_doc_get(s, agency, 999999, &d, &e), GK_ENOTFOUND);
}

/* Runs a draft through to publication. */
static void publish(store_t *s, int64_t id, const char *date)
{
    err e = {0};
    struct store_doc_outcome o;
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, &o, &e), &e);
    struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七", .date = D(date)};
    must(store_doc_step(s, agency, id, &pub, &o, &e), &e);
}

static void test_validity_and_links(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t pol = add_draft(s, "驻马店市最低生活保障实施办法", "2023-03-01", "第一条 ...");
    int64_t newer = add_draft(s, "驻马店市最低生活保障办法（修订）", "2024-03-01", "第一条 ...");
    /* an interpretation: of a policy of this agency, published after it */
    struct doc in;
    draft(&in, "《实施办法》政策解读", "2023-03-01", "解读");
    in.interprets = 999999;
    assert_int_equal(store_doc_add(s, &in, "张三", &e), GK_EINVAL);
    in.interprets = pol;
    must(store_doc_add(s, &in, "张三", &e), &e);
    struct doc got;
    must(store_doc_get(s, agency, in.id, &got, &e), &e);
    assert_string_equal(got.genre, DOC_GENRE_INTERPRETATION);
    assert_int_equal(got.interprets, pol);
    doc_clear(&got);
    struct store_doc_outcome o;
    must(step(s, in.id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    must(step(s, in.id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
    must(step(s, in.id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, &o, &e), &e);
    must(step(s, in.id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, &o, &e), &e);
    assert_int_equal(step(s, in.id, DOC_A_PUBLISH, DOC_R_OFFICE, "孙七", NULL, &o, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "not published"));
    publish(s, pol, "2023-03-10");
    struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七",
                                 .date = D("2023-03-10")};
    must(store_doc_step(s, agency, in.id, &pub, &o, &e), &e);
    doc_clear(&in);
    /* repeal: only published documents, not before publication, once */
    struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七",
                                .date = D("2024-04-01"), .by_id = newer};
    assert_int_equal(store_doc_step(s, agency, newer, &rp, &o, &e), GK_ESTATE);   /* a draft */
    publish(s, newer, "2024-03-05");
    rp.date = D("2023-03-01");
    assert_int_equal(store_doc_step(s, agency, pol, &rp, &o, &e), GK_EINVAL);
    rp.date = D("2024-04-01");
    rp.role = DOC_R_AUTHOR;
    rp.actor = "张三";
    assert_int_equal(store_doc_step(s, agency, pol, &rp, &o, &e), GK_ESTATE);     /* not the author's call */
    rp.role = DOC_R_LEADER;
    rp.actor = "赵六";
    must(store_doc_step(s, agency, pol, &rp, &o, &e), &e);
    assert_int_equal(store_doc_step(s, agency, pol, &rp, &o, &e), GK_ESTATE);
    struct doc p;
    must(store_doc_get(s, agency, pol, &p, &e), &e);
    assert_int_equal(p.repealed_on, D("2024-04-01"));
    assert_int_equal(p.repealed_by, newer);
    assert_int_equal(doc_validity_at(&p, D("2024-06-28")), DOC_V_REPEALED);
    doc_clear(&p);
    /* repealed by a document outside the store: its 文号 */
    rp.by_id = 0;
    rp.by_docno = "豫政(2024)3号";
    must(store_doc_step(s, agency, newer, &rp, &o, &e), &e);
    must(store_doc_get(s, agency, newer, &p, &e), &e);
    assert_string_equal(p.repealed_by_docno, "豫政〔2024〕3号");
    doc_clear(&p);
    /* expiry */
    int64_t tmp = add_draft(s, "临时通知", "2024-01-02", "正文");
    publish(s, tmp, "2024-01-05");
    struct store_doc_step ex = {.action = DOC_A_EXPIRE, .role = DOC_R_OFFICE, .actor = "孙七",
                                .date = D("2024-03-31")};
    must(store_doc_step(s, agency, tmp, &ex, &o, &e), &e);
    must(store_doc_get(s, agency, tmp, &p, &e), &e);
    assert_int_equal(p.expires_on, D("2024-03-31"));
    assert_int_equal(doc_validity_at(&p, D("2024-04-01")), DOC_V_EXPIRED);
    doc_clear(&p);
    /* find by 文号 in any form, or index number */
    struct doc wn;
    draft(&wn, "有文号的文件", "2024-01-02", "");
    strcpy(wn.docno, "驻民文〔2024〕12号");
    must(store_doc_add(s, &wn, "张三", &e), &e);
    int64_t found;
    must(store_doc_find(s, agency, "驻民文(2024)12号", &found, &e), &e);
    assert_int_equal(found, wn.id);
    must(store_doc_find(s, agency, "驻民文(2024)13号", &found, &e), &e);
    assert_int_equal(found, 0);
    doc_clear(&wn);
}

static void test_recipient_list_and_attachments(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t id = add_draft(s, "2024年6月城市低保对象名单公示", "2024-06-03",
                           "序号,姓名,身份证号,电话\n1,张三明,412801199001011238,13812345678\n");
    struct doc d;
    must(store_doc_get(s, agency, id, &d, &e), &e);
    assert_true(d.recipient_list);
    assert_string_equal(d.body, "序号,姓名,身份证号\n1,张*明,4128**********1238\n");
    doc_clear(&d);
    /* a text attachment of a list is masked too; the same content is stored once */
    const char *att = "姓名\t身份证号\n李四\t41282219851231002X\n";
    must(store_doc_attach(s, agency, id, "名单.tsv", att, strlen(att), "张三", &e), &e);
    int64_t other = add_draft(s, "附件相同的另一文件", "2024-06-03", "");
    must(store_doc_attach(s, agency, other, "a.txt", "同一内容", strlen("同一内容"), "张三", &e), &e);
    must(store_doc_attach(s, agency, other, "b.txt", "同一内容", strlen("同一内容"), "张三", &e), &e);
    assert_int_equal(store_doc_attach(s, agency, other, "../x", "x", 1, "张三", &e), GK_EINVAL);
    struct store_doc_attachment *a;
    size_t na;
    must(store_doc_attachments(s, other, &a, &na, &e), &e);
    assert_int_equal(na, 2);
    assert_string_equal(a[0].sha256, a[1].sha256);
    buf b;
    buf_init(&b);
    must(store_doc_blob(s, a[0].sha256, &b, &e), &e);
    assert_string_equal(b.data, "同一内容");
    free(a);
    must(store_doc_attachments(s, id, &a, &na, &e), &e);
    assert_int_equal(na, 1);
    buf_reset(&b);
    must(store_doc_blob(s, a[0].sha256, &b, &e), &e);
    assert_string_equal(b.data, "姓名\t身份证号\n李*\t4128**********002X\n");
    free(a);
    buf_free(&b);
    /* attachments are screened with the body once in review */
    int64_t scr = add_draft(s, "带附件的通知", "2024-06-03", "正文");
    must(store_doc_attach(s, agency, scr, "联系表.txt", "手机：13912345678", strlen("手机：13912345678"), "张三", &e),
         &e);
    struct store_doc_outcome o;
    must(step(s, scr, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.hits_found, 1);
    struct store_doc_hit *h;
    size_t nh;
    must(store_doc_hits(s, scr, &h, &nh, &e), &e);
    assert_int_equal(nh, 1);
    assert_string_equal(h[0].source, "联系表.txt");
    free(h);
}

static void test_index_numbers_and_words(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t a = add_draft(s, "一", "2023-12-29", "");
    int64_t b = add_draft(s, "二", "2024-01-02", "");
    int64_t c = add_draft(s, "三", "2024-01-03", "");
    publish(s, b, "2024-01-05");
    publish(s, a, "2024-01-05");
    publish(s, c, "2024-01-08");
    struct doc d;
    /* the year is the year written; serials count per year */
    must(store_doc_get(s, agency, a, &d, &e), &e);
    assert_string_equal(d.index_no, "11410000005184320J/2023-00001");
    doc_clear(&d);
    must(store_doc_get(s, agency, c, &d, &e), &e);
    assert_string_equal(d.index_no, "11410000005184320J/2024-00002");
    doc_clear(&d);
    /* an agency's own word list replaces the default, and reset restores it */
    buf t;
    buf_init(&t);
    bool def;
    must(store_doc_words_text(s, agency, &t, &def, &e), &e);
    assert_true(def);
    assert_non_null(strstr(t.data, "内部资料"));
    must(store_doc_words_set(s, agency, "# 本单位\n试点名单\n", "孙七", &e), &e);
    assert_int_equal(store_doc_words_set(s, agency, "坏\xff\n", "孙七", &e), GK_EINVAL);
    int64_t w = add_draft(s, "四", "2024-01-03", "试点名单与内部资料");
    struct store_doc_outcome o;
    must(step(s, w, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.hits_found, 1);
    must(store_doc_words_set(s, agency, NULL, "孙七", &e), &e);
    buf_reset(&t);
    must(store_doc_words_text(s, agency, &t, &def, &e), &e);
    assert_true(def);
    buf_free(&t);
}

static const char *const csv_head = "title,docno,issuer,written,published,body,genre,index_no,interprets\n";

static int count_cb(const struct doc *d, void *arg)
{
    (void)d;
    (*(int *)arg)++;
    return 0;
}

static int count_docs(store_t *s)
{
    struct store_doc_filter f = {.agency_id = agency, .state = -1, .limit = 100000};
    int n = 0;
    err e = {0};
    must(store_doc_list(s, &f, count_cb, &n, &e), &e);
    return n;
}

/* The staff's document list (issue 16 item 8): filters by state, category,
 * year, drafter and words, each alone and together, scoped by agency; the
 * words are a substring with % and _ taken literally. */
static int title_cb(const struct doc *d, void *arg)
{
    buf *b = arg;
    buf_printf(b, "%s%s", b->len ? "|" : "", d->title);
    return 0;
}

static void test_staff_list_filters(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct doc d;
    static const struct {
        const char *title, *written, *body, *category, *author;
        bool submit;
    } docs[] = {
        {"低保标准调整通知", "2023-03-01", "城乡低保标准提高10%。", "社会救助", "xinxiyuan", true},
        {"养老服务补贴办法", "2023-05-01", "高龄津贴按月发放。", "养老服务", "xinxiyuan", false},
        {"临时救助_细则", "2024-06-01", "救助对象为困难群众。", "社会救助", "gongkaiban", false},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        draft(&d, docs[i].title, docs[i].written, docs[i].body);
        snprintf(d.category, sizeof d.category, "%s", docs[i].category);
        snprintf(d.author, sizeof d.author, "%s", docs[i].author);
        must(store_doc_add(s, &d, docs[i].author, &e), &e);
        if (docs[i].submit) {
            struct store_doc_outcome o;
            must(step(s, d.id, DOC_A_SUBMIT, DOC_R_AUTHOR, docs[i].author, NULL, &o, &e), &e);
        }
        doc_clear(&d);
    }
    static const struct {
        const char *name;
        struct store_doc_filter f;
        const char *want;        /* titles, newest id first */
    } cases[] = {
        {"all", {.state = -1}, "临时救助_细则|养老服务补贴办法|低保标准调整通知"},
        {"drafts", {.state = DOC_DRAFT}, "临时救助_细则|养老服务补贴办法"},
        {"submitted", {.state = DOC_REVIEW1}, "低保标准调整通知"},
        {"category", {.state = -1, .category = "社会救助"}, "临时救助_细则|低保标准调整通知"},
        {"year", {.state = -1, .year = 2024}, "临时救助_细则"},
        {"drafter", {.state = -1, .author = "xinxiyuan"}, "养老服务补贴办法|低保标准调整通知"},
        {"drafter and state", {.state = DOC_REVIEW1, .author = "xinxiyuan"}, "低保标准调整通知"},
        {"words in the title", {.state = -1, .q = "补贴"}, "养老服务补贴办法"},
        {"words in the body", {.state = -1, .q = "高龄津贴"}, "养老服务补贴办法"},
        {"% is literal", {.state = -1, .q = "10%"}, "低保标准调整通知"},
        {"% alone matches only a %", {.state = -1, .q = "%"}, "低保标准调整通知"},
        {"_ is literal", {.state = -1, .q = "_"}, "临时救助_细则"},
        {"the escape character", {.state = -1, .q = "!"}, ""},
        {"nothing", {.state = -1, .q = "没有的词"}, ""},
        {"all filters", {.state = DOC_DRAFT, .category = "社会救助", .year = 2024, .author = "gongkaiban", .q = "细则"},
         "临时救助_细则"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct store_doc_filter f = cases[i].f;
        f.agency_id = agency;
        buf got;
        buf_init(&got);
        must(store_doc_list(s, &f, title_cb, &got, &e), &e);
        if (strcmp(got.data ? got.data : "", cases[i].want) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].name, got.data ? got.data : "", cases[i].want);
        /* another agency sees none of them */
        f.agency_id = agency + 1000;
        buf_reset(&got);
        must(store_doc_list(s, &f, title_cb, &got, &e), &e);
        assert_int_equal(got.len, 0);
        buf_free(&got);
    }
}

static void test_import_all_or_nothing(void **state)
{
    store_t *s = *state;
    err e = {0};
    buf t;
    buf_init(&t);
    buf_puts(&t, csv_head);
    buf_puts(&t, "实施办法,驻民文〔2018〕149号,驻马店市民政局,2018-06-01,2018-06-05,正文,规范性文件,11410000005184320J/2018-00007,\n");
    buf_puts(&t, "实施办法解读,,驻马店市民政局,2018-06-05,2018-06-06,解读,,,驻民文(2018)149号\n");
    buf_puts(&t, "另一文件,,驻马店市民政局,2018-07-01,2018-07-02,联系13812345678,,,\n");
    struct doc_import im;
    doc_import_parse(t.data, t.len, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    assert_int_equal(im.nerrors, 0);
    int before = count_docs(s);
    int hits;
    must(store_doc_import(s, agency, &im, "孙七", &hits, &e), &e);
    assert_int_equal(hits, 1);
    assert_int_equal(count_docs(s), before + 3);
    struct doc d;
    must(store_doc_get(s, agency, im.rows[1].d.id, &d, &e), &e);
    assert_int_equal(d.interprets, im.rows[0].d.id);
    assert_int_equal(d.state, DOC_PUBLISHED);
    doc_clear(&d);
    /* new numbers continue after the serial the file brought */
    must(store_doc_get(s, agency, im.rows[1].d.id, &d, &e), &e);
    assert_string_equal(d.index_no, "11410000005184320J/2018-00008");
    doc_clear(&d);
    must(store_doc_get(s, agency, im.rows[2].d.id, &d, &e), &e);
    assert_string_equal(d.index_no, "11410000005184320J/2018-00009");
    doc_clear(&d);
    doc_import_free(&im);

    /* a second file: one row clashes with the database, one points nowhere:
     * both reported with their lines, nothing written */
    buf_reset(&t);
    buf_puts(&t, csv_head);
    buf_puts(&t, "好,,驻马店市民政局,2019-06-01,2019-06-05,正文,,,\n");
    buf_puts(&t, "撞号,,驻马店市民政局,2019-06-01,2019-06-05,正文,,11410000005184320J/2018-00007,\n");
    buf_puts(&t, "无主解读,,驻马店市民政局,2019-06-01,2019-06-05,正文,,,驻民文〔2019〕1号\n");
    doc_import_parse(t.data, t.len, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    assert_int_equal(im.nerrors, 0);
    before = count_docs(s);
    assert_int_equal(store_doc_import(s, agency, &im, "孙七", &hits, &e), GK_EINVAL);
    assert_int_equal(im.nerrors, 2);
    assert_int_equal(im.errors[0].line, 3);
    assert_non_null(strstr(im.errors[0].msg, "in the database already"));
    assert_int_equal(im.errors[1].line, 4);
    assert_non_null(strstr(im.errors[1].msg, "no document"));
    assert_int_equal(count_docs(s), before);
    doc_import_free(&im);
    buf_free(&t);
}

static void test_stats_and_table2(void **state)
{
    store_t *s = *state;
    err e = {0};
    /* the catalogue: normative documents and a rule over three years */
    struct { const char *title, *genre, *written, *published, *repealed, *expires; } docs[] = {
        {"规范甲", DOC_GENRE_NORMATIVE, "2021-03-01", "2021-03-05", NULL, NULL},
        {"规范乙", DOC_GENRE_NORMATIVE, "2021-05-01", "2021-05-06", "2022-04-01", NULL},
        {"规范丙", DOC_GENRE_NORMATIVE, "2022-02-01", "2022-02-03", NULL, "2022-12-31"},
        {"规范丁", DOC_GENRE_NORMATIVE, "2022-06-01", "2022-06-02", NULL, "2023-06-30"},
        {"规章甲", DOC_GENRE_RULES, "2022-07-01", "2022-07-04", NULL, NULL},
        {"通知甲", "通知", "2022-07-01", "2022-07-04", NULL, NULL},
        {"规范草稿", DOC_GENRE_NORMATIVE, "2022-08-01", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        struct doc d;
        draft(&d, docs[i].title, docs[i].written, "正文");
        strcpy(d.genre, docs[i].genre);
        must(store_doc_add(s, &d, "张三", &e), &e);
        if (docs[i].published) {
            publish(s, d.id, docs[i].published);
            struct store_doc_outcome o;
            if (docs[i].repealed) {
                struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七",
                                            .date = D(docs[i].repealed)};
                must(store_doc_step(s, agency, d.id, &rp, &o, &e), &e);
            }
            if (docs[i].expires) {
                struct store_doc_step ex = {.action = DOC_A_EXPIRE, .role = DOC_R_OFFICE, .actor = "孙七",
                                            .date = D(docs[i].expires)};
                must(store_doc_step(s, agency, d.id, &ex, &o, &e), &e);
            }
        }
        doc_clear(&d);
    }
    /* entered figures */
    must(store_doc_stat_set(s, agency, 2022, "licensing.decisions", 92, "孙七", &e), &e);
    must(store_doc_stat_set(s, agency, 2022, "fees.amount_10k_yuan", 1.25, "孙七", &e), &e);
    must(store_doc_stat_set(s, agency, 2020, "licensing.items_change", -2, "孙七", &e), &e);
    assert_int_equal(store_doc_stat_set(s, agency, 2022, "licensing.decisions", 1.5, "孙七", &e), GK_EINVAL);
    assert_int_equal(store_doc_stat_set(s, agency, 2022, "penalty.decisions", -1, "孙七", &e), GK_EINVAL);
    assert_int_equal(store_doc_stat_set(s, agency, 2022, "rules.issued", 3, "孙七", &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "licensing.decisions"));
    assert_int_equal(store_doc_stat_set(s, agency, 2022, "bogus", 3, "孙七", &e), GK_EINVAL);
    must(store_doc_stat_set(s, agency, 2022, "licensing.decisions", 93, "孙七", &e), &e);
    double v;
    must(store_doc_stat_get(s, agency, 2022, "licensing.decisions", &v, &e), &e);
    assert_true(v == 93);
    assert_int_equal(store_doc_stat_get(s, agency, 2021, "licensing.decisions", &v, &e), GK_ENOTFOUND);

    /* 2022 in the 2021 layout */
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2021;
    must(store_doc_table2(s, agency, 2022, r, &e), &e);
    assert_true(r->pro[PRO_NORM_ISSUED] == 2);        /* 丙, 丁 (the draft does not count) */
    assert_true(r->pro[PRO_NORM_REPEALED] == 1);      /* 乙 repealed; 丙 in force through 31 Dec */
    assert_true(r->pro[PRO_NORM_IN_FORCE] == 3);      /* 甲, 丙, 丁 */
    assert_true(r->pro[PRO_RULES_ISSUED] == 1);
    assert_true(r->pro[PRO_RULES_IN_FORCE] == 1);
    assert_true(r->pro[PRO_LIC_DECISIONS] == 93);
    assert_true(r->pro[PRO_FEES_AMOUNT] == 1.25);
    assert_true(rpt_is_null(r->pro[PRO_PEN_DECISIONS]));   /* never entered: null, not 0 */
    assert_true(rpt_is_null(r->pro[PRO_NORM_MADE]));       /* not a field of this layout */
    rpt_free(r);
    /* 2023: 丙 expired on 1 Jan, 丁 on 1 July: in_force(2023) = 3 + 0 - 2 */
    r = rpt_new();
    must(store_doc_table2(s, agency, 2023, r, &e), &e);
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    assert_true(r->pro[PRO_NORM_ISSUED] == 0);
    assert_true(r->pro[PRO_NORM_REPEALED] == 2);
    assert_true(r->pro[PRO_NORM_IN_FORCE] == 1);
    rpt_free(r);
    /* 2021 in the 2019 layout (chosen from the year) */
    r = rpt_new();
    must(store_doc_table2(s, agency, 2020, r, &e), &e);
    assert_int_equal(r->layout, RPT_LAYOUT_2019);
    assert_true(r->pro[PRO_LIC_ITEMS_CHANGE] == -2);
    assert_true(r->pro[PRO_NORM_MADE] == 0);
    rpt_free(r);
    r = rpt_new();
    r->layout = RPT_LAYOUT_2019;
    must(store_doc_table2(s, agency, 2021, r, &e), &e);
    assert_true(r->pro[PRO_NORM_MADE] == 2);
    assert_true(r->pro[PRO_NORM_PUBLISHED] == 2);
    assert_true(r->pro[PRO_NORM_PUBLIC_TOTAL] == 2);
    assert_true(rpt_is_null(r->pro[PRO_NORM_ISSUED]));
    rpt_free(r);
    /* the 2008 layout: documents published that year and their channels */
    r = rpt_new();
    r->layout = RPT_LAYOUT_2008;
    must(store_doc_table2(s, agency, 2022, r, &e), &e);
    assert_true(r->legacy[rpt_legacy_index("proactive.total")] == 4);     /* 丙, 丁, 规章甲, 通知甲 */
    assert_true(r->legacy[rpt_legacy_index("proactive.website")] == 4);
    assert_true(r->legacy[rpt_legacy_index("proactive.wechat")] == 0);
    assert_true(r->legacy[rpt_legacy_index("proactive.normative")] == 2);
    assert_true(r->legacy[rpt_legacy_index("proactive.normative_issued")] == 2);
    rpt_free(r);
}

static void test_channels_counted_once(void **state)
{
    store_t *s = *state;
    err e = {0};
    for (int i = 0; i < 3; i++) {
        int64_t id = add_draft(s, "多渠道发布", "2017-03-01", "正文");
        struct store_doc_outcome o;
        must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
        must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
        must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, &o, &e), &e);
        must(step(s, id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, &o, &e), &e);
        unsigned ch = i == 0 ? (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WEIBO) | (1u << DOC_CH_WECHAT)
                    : i == 1 ? (1u << DOC_CH_GAZETTE) | (1u << DOC_CH_WEBSITE)
                             : (1u << DOC_CH_OTHER);
        struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七",
                                     .date = D("2017-03-05"), .channels = ch};
        must(store_doc_step(s, agency, id, &pub, &o, &e), &e);
    }
    rpt *r = rpt_new();
    must(store_doc_table2(s, agency, 2017, r, &e), &e);
    assert_int_equal(r->layout, RPT_LAYOUT_2008);
    assert_true(r->legacy[rpt_legacy_index("proactive.total")] == 3);
    assert_true(r->legacy[rpt_legacy_index("proactive.website")] == 2);
    assert_true(r->legacy[rpt_legacy_index("proactive.gazette")] == 1);
    assert_true(r->legacy[rpt_legacy_index("proactive.weibo")] == 1);
    assert_true(r->legacy[rpt_legacy_index("proactive.wechat")] == 1);
    assert_true(r->legacy[rpt_legacy_index("proactive.other")] == 1);
    rpt_free(r);
}

static void search_ids(store_t *s, const struct store_doc_query *q, char *out, size_t cap, int64_t *total)
{
    struct store_doc_result *r;
    size_t n;
    err e = {0};
    must(store_doc_search(s, q, &r, &n, total, &e), &e);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s", i ? "," : "", r[i].title);
    }
    store_doc_results_free(r, n);
}

static void test_search(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct { const char *title, *docno, *written, *published, *genre, *body; } docs[] = {
        {"甲：最低生活保障实施办法", "驻民文〔2018〕149号", "2018-06-01", "2018-06-05", DOC_GENRE_NORMATIVE,
         "第一条 为了规范城乡低保工作，制定本办法。"},
        {"乙：关于提高低保标准的通知", "驻民文〔2019〕8号", "2019-01-10", "2019-01-15", "通知",
         "城市低保标准提高到每人每月600元。"},
        {"丙：养老服务补贴发放公告", "", "2019-03-01", "2019-03-04", "公告", "高龄津贴按月发放。"},
        {"丁：草稿不可检索", "", "2019-03-01", NULL, "通知", "低保"},
    };
    int64_t ids[4];
    for (int i = 0; i < 4; i++) {
        struct doc d;
        draft(&d, docs[i].title, docs[i].written, docs[i].body);
        strcpy(d.docno, docs[i].docno);
        strcpy(d.genre, docs[i].genre);
        must(store_doc_add(s, &d, "张三", &e), &e);
        ids[i] = d.id;
        if (docs[i].published)
            publish(s, d.id, docs[i].published);
        doc_clear(&d);
    }
    char got[512];
    int64_t total;
    struct store_doc_query q = {.agency_id = agency, .text = "低保", .validity = -1};
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 2);   /* the draft is not searched */
    /* both ranked; by date the newest first */
    q.by_date = true;
    search_ids(s, &q, got, sizeof got, &total);
    assert_string_equal(got, "乙：关于提高低保标准的通知,甲：最低生活保障实施办法");
    /* a page keeps the exact total */
    q.limit = 1;
    q.offset = 1;
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 2);
    assert_string_equal(got, "甲：最低生活保障实施办法");
    /* terms are ANDed, substrings after folding */
    q = (struct store_doc_query){.agency_id = agency, .text = "低保 ６００", .validity = -1};
    search_ids(s, &q, got, sizeof got, &total);
    assert_string_equal(got, "乙：关于提高低保标准的通知");
    /* a 文号 in any written form */
    static const char *const forms[] = {"驻民文〔2018〕149号", "驻民文[2018]149号", "驻民文（2018）149号",
                                        "驻民文【2018】149号", "驻民文〔2018)149号", "149号"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        q.text = forms[i];
        search_ids(s, &q, got, sizeof got, &total);
        if (strcmp(got, "甲：最低生活保障实施办法") != 0)
            fail_msg("%s found '%s'", forms[i], got);
    }
    /* filters */
    q = (struct store_doc_query){.agency_id = agency, .text = "发放", .validity = -1, .genre = "公告"};
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 1);
    q.genre = "通知";
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 0);
    q = (struct store_doc_query){.agency_id = agency, .text = "低保", .validity = -1, .year = 2018};
    search_ids(s, &q, got, sizeof got, &total);
    assert_string_equal(got, "甲：最低生活保障实施办法");
    struct store_doc_outcome o;
    struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七",
                                .date = D("2019-01-15"), .by_id = ids[1]};
    must(store_doc_step(s, agency, ids[0], &rp, &o, &e), &e);
    q = (struct store_doc_query){.agency_id = agency, .text = "低保", .validity = DOC_V_IN_FORCE};
    search_ids(s, &q, got, sizeof got, &total);
    assert_string_equal(got, "乙：关于提高低保标准的通知");
    q.validity = DOC_V_REPEALED;
    search_ids(s, &q, got, sizeof got, &total);
    assert_string_equal(got, "甲：最低生活保障实施办法");
    q = (struct store_doc_query){.agency_id = agency + 1, .text = "低保", .validity = -1};
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 0);   /* another agency's catalogue */
    /* snippets mark the terms, escaped for HTML */
    q = (struct store_doc_query){.agency_id = agency, .text = "600", .validity = -1};
    struct store_doc_result *r;
    size_t n;
    must(store_doc_search(s, &q, &r, &n, &total, &e), &e);
    assert_int_equal(n, 1);
    assert_non_null(strstr(r[0].snippet, "每月<mark>600</mark>元"));
    assert_string_equal(r[0].docno, "驻民文〔2019〕8号");
    assert_string_equal(r[0].published, "2019-01-15");
    store_doc_results_free(r, n);
    /* no text: the filters alone, newest first */
    q = (struct store_doc_query){.agency_id = agency, .text = "", .validity = -1};
    search_ids(s, &q, got, sizeof got, &total);
    assert_int_equal(total, 3);
    /* a query search/ refuses */
    q.text = "\xff";
    assert_int_equal(store_doc_search(s, &q, &r, &n, &total, &e), GK_EINVAL);
}

/* Frequent strings: the totals of one-term searches read from doc_gram
 * (SQLite) equal what the documents hold, after mining and as documents
 * keep coming without mining again. */
struct fdoc { char title[128], body[256]; };

static int64_t holding(const struct fdoc *v, size_t n, const char *typed)
{
    int64_t k = 0;
    char *term = search_fold(typed, strlen(typed));
    for (size_t i = 0; i < n; i++) {
        char *t = search_fold(v[i].title, strlen(v[i].title)), *b = search_fold(v[i].body, strlen(v[i].body));
        k += strstr(t, term) || strstr(b, term);
        free(t);
        free(b);
    }
    free(term);
    return k;
}

static void check_totals_of(store_t *s, int64_t agency_id, const struct fdoc *v, size_t n, const char *const *phrases,
                            size_t np)
{
    size_t checked = 0;
    for (size_t p = 0; p < np; p++) {
        const char *ph = phrases[p];
        /* every substring of the phrase of 1 to 6 characters */
        size_t starts[64], nc = 0;
        for (size_t i = 0; ph[i]; i++)
            if (((unsigned char)ph[i] & 0xC0) != 0x80)
                starts[nc++] = i;
        starts[nc] = strlen(ph);
        for (size_t a = 0; a < nc; a++)
            for (size_t b = a + 1; b <= nc && b - a <= 6; b++) {
                char term[64];
                snprintf(term, sizeof term, "%.*s", (int)(starts[b] - starts[a]), ph + starts[a]);
                struct store_doc_query q = {.agency_id = agency_id, .text = term, .validity = -1};
                char got[4096];
                int64_t total;
                search_ids(s, &q, got, sizeof got, &total);
                int64_t want = holding(v, n, term);
                if (total != want)
                    fail_msg("%s: search total %lld, documents holding it %lld", term, (long long)total,
                             (long long)want);
                checked++;
            }
    }
    assert_true(checked > 100);
}

static void check_totals(store_t *s, const struct fdoc *v, size_t n, const char *const *phrases, size_t np)
{
    check_totals_of(s, agency, v, n, phrases, np);
}

static void test_frequent_strings(void **state)
{
    store_t *s = *state;
    err e = {0};
    /* this test checks the plain substring totals against a count of the
     * documents: no synonyms (test_search_finds_what_people_type has them) */
    must(store_synonyms_set(s, agency, "", "孙七", &e), &e);
    static const char *const phrases[] = {"关于做好最低生活保障工作的通知", "低保户", "临时救助",
                                          "殡葬改革", "特困人员救助供养", "２０２４年", "www.zmd.gov.cn"};
    const size_t np = sizeof phrases / sizeof phrases[0];
    struct fdoc v[73];
    bool sqlite = strcmp(store_backend(s), "sqlite") == 0;
    for (size_t i = 0; i < 72; i++) {
        snprintf(v[i].title, sizeof v[i].title, "第%zu期 %s", i, phrases[i % np]);
        snprintf(v[i].body, sizeof v[i].body, "%s，%s。%s", phrases[(i * 3) % np], phrases[(i / 3) % np],
                 i % 5 ? "" : "特殊情况另行通知");
        int64_t id = add_draft(s, v[i].title, "2024-01-02", v[i].body);
        publish(s, id, "2024-01-05");
        if (sqlite && (i == 18 || i == 19 || i == 39)) {
            /* small catalogues are mined afresh each time they double (from 20 documents) */
            struct store_gram_stats st;
            must(store_doc_grams_info(s, &st, &e), &e);
            assert_int_equal(st.indexed, (int64_t)i + 1);
            assert_int_equal(st.docs, i == 18 ? 0 : (int64_t)i + 1);   /* first mined on an empty index */
        }
        if (i == 47) {
            struct store_gram_stats st;
            if (!sqlite) {
                assert_int_equal(store_doc_grams_rebuild(s, &st, &e), GK_EINVAL);
                assert_int_equal(store_doc_grams_info(s, &st, &e), GK_ENOTFOUND);
            } else {
                must(store_doc_grams_rebuild(s, &st, &e), &e);
                assert_int_equal(st.docs, 48);
                assert_int_equal(st.indexed, 48);
                assert_int_equal(st.sampled, 48);
                assert_int_equal(st.min_docs, SEARCH_GRAM_MIN_DOCS);
                assert_true(st.grams > 20);
                struct store_gram_stats again;
                must(store_doc_grams_info(s, &again, &e), &e);
                assert_int_equal(again.version, st.version);
                assert_int_equal(again.grams, st.grams);
            }
            check_totals(s, v, 48, phrases, np);
        }
    }
    /* 24 documents later, not mined again (48 -> 72 is not a doubling):
     * the counts were kept up to date */
    if (sqlite) {
        struct store_gram_stats st;
        must(store_doc_grams_info(s, &st, &e), &e);
        assert_int_equal(st.docs, 48);
        assert_int_equal(st.indexed, 72);
    }
    check_totals(s, v, 72, phrases, np);
    /* a repealed document is still published, and still counted */
    struct store_doc_outcome o;
    struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七",
                                .date = D("2024-06-01")};
    must(store_doc_step(s, agency, 1, &rp, &o, &e), &e);
    check_totals(s, v, 72, phrases, np);
    /* a withdrawn document leaves the index and the kept totals at once */
    must(step(s, 2, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", "撤回", &o, &e), &e);
    v[1].title[0] = v[1].body[0] = 0;
    check_totals(s, v, 72, phrases, np);
    /* a 公示 past its last day is still in the index, so totals are counted
     * (not read from the kept ones) from the day after */
    static const char pt[] = "低保户公示 关于做好最低生活保障工作的通知", pb[] = "临时救助 特困人员救助供养";
    struct doc pd;
    draft(&pd, pt, "2024-06-01", pb);
    pd.publicity_until = D("2024-07-01");
    must(store_doc_add(s, &pd, "张三", &e), &e);
    publish(s, pd.id, "2024-06-02");
    memcpy(v[72].title, pt, sizeof pt);
    memcpy(v[72].body, pb, sizeof pb);
    doc_clear(&pd);
    check_totals(s, v, 73, phrases, np);
    setenv("GONGKAI_TODAY", "2024-07-02", 1);
    v[72].title[0] = v[72].body[0] = 0;
    check_totals(s, v, 73, phrases, np);
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
    /* by relevance, more hits than the pool: the pool's newest documents
     * are ranked, the total stays exact; a page past the pool ranks all */
    struct store_doc_query all = {.agency_id = agency, .text = "低保户", .validity = -1, .by_date = true,
                                  .limit = 1000};
    struct store_doc_result *r;
    size_t n;
    int64_t total;
    must(store_doc_search(s, &all, &r, &n, &total, &e), &e);
    assert_true(n > 10 && (int64_t)n == total);
    int64_t newest[5];
    for (int i = 0; i < 5; i++)
        newest[i] = r[i].id;   /* same day: by date is newest id first */
    store_doc_results_free(r, n);
    struct store_doc_query pooled = {.agency_id = agency, .text = "低保户", .validity = -1, .limit = 5,
                                     .relevance_pool = 5};
    int64_t t2;
    must(store_doc_search(s, &pooled, &r, &n, &t2, &e), &e);
    assert_int_equal(t2, total);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        bool in = false;
        for (int k = 0; k < 5; k++)
            in |= r[i].id == newest[k];
        if (!in)
            fail_msg("ranked %lld, not one of the pool's 5 newest", (long long)r[i].id);
    }
    store_doc_results_free(r, n);
    pooled.offset = 5;
    must(store_doc_search(s, &pooled, &r, &n, &t2, &e), &e);
    assert_int_equal(n, 5);
    assert_int_equal(t2, total);
    store_doc_results_free(r, n);
}

/* ---- 撤回, 公示期, 更正 ---- */

static int64_t total_of(store_t *s, const char *text)
{
    struct store_doc_query q = {.agency_id = agency, .text = text, .validity = -1};
    char ids[512];
    int64_t total;
    search_ids(s, &q, ids, sizeof ids, &total);
    return total;
}

static int64_t published_2024(store_t *s)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2008;
    err e = {0};
    must(store_doc_table2(s, agency, 2024, r, &e), &e);
    int64_t n = (int64_t)r->legacy[rpt_legacy_index("proactive.total")];
    rpt_free(r);
    return n;
}

static int category_sum_cb(const char *k, int64_t n, void *arg)
{
    (void)k;
    *(int64_t *)arg += n;
    return 0;
}

static int64_t rows(store_t *s, const char *table, int64_t doc_id)
{
    (void)s;
    /* through the public functions: attachments, versions, comments */
    err e = {0};
    int64_t n = 0;
    if (strcmp(table, "attachments") == 0) {
        struct store_doc_attachment *a;
        size_t k;
        must(store_doc_attachments(s, doc_id, &a, &k, &e), &e);
        free(a);
        n = (int64_t)k;
    }
    return n;
}

static int version_cb(const struct store_doc_version *v, void *arg)
{
    buf *b = arg;
    buf_printf(b, "%lld:%s:%s;", (long long)v->version, v->body, v->attachments);
    return 0;
}

static void sign_off(store_t *s, int64_t id, const char *author)
{
    err e = {0};
    struct store_doc_outcome o;
    must(step(s, id, DOC_A_SUBMIT, DOC_R_AUTHOR, author, NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER1, "李四", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_REVIEWER2, "王五", NULL, &o, &e), &e);
    must(step(s, id, DOC_A_APPROVE, DOC_R_LEADER, "赵六", NULL, &o, &e), &e);
}

static void test_withdraw(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t a = add_draft(s, "甲：低保对象名单", "2024-06-01", "低保对象：张*明");
    int64_t b = add_draft(s, "乙：低保资金公示", "2024-06-01", "低保资金发放情况");
    must(store_doc_attach(s, agency, a, "名单.csv", "姓名\n张*明\n", strlen("姓名\n张*明\n"), "张三", &e), &e);
    publish(s, a, "2024-06-20");
    publish(s, b, "2024-06-20");
    assert_int_equal(total_of(s, "低保"), 2);
    assert_int_equal(published_2024(s), 2);
    struct store_doc_outcome o;
    /* the roles and the reason are the domain's: refused, nothing changes */
    assert_int_equal(step(s, a, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", NULL, &o, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "reason"));
    assert_int_equal(step(s, a, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三", "错了", &o, &e), GK_ESTATE);
    struct doc d;
    must(store_doc_get(s, agency, a, &d, &e), &e);
    assert_int_equal(d.withdrawn_on, DOC_NODAY);
    doc_clear(&d);
    assert_int_equal(total_of(s, "低保"), 2);
    /* withdrawn: out of search, the counts and table 二 at once */
    must(step(s, a, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", "名单含未脱敏信息", &o, &e), &e);
    assert_int_equal(o.from, DOC_PUBLISHED);
    assert_int_equal(o.to, DOC_PUBLISHED);
    must(store_doc_get(s, agency, a, &d, &e), &e);
    assert_int_equal(d.withdrawn_on, D("2024-06-28"));
    assert_string_equal(d.withdrawn_by, "孙七");
    assert_string_equal(d.withdrawn_reason, "名单含未脱敏信息");
    assert_int_equal(doc_public_status(&d, D("2024-06-28")), DOC_PUB_WITHDRAWN);
    assert_false(doc_files_public(&d, D("2024-06-28")));
    doc_clear(&d);
    assert_int_equal(total_of(s, "低保"), 1);
    assert_int_equal(total_of(s, "名单"), 0);
    assert_int_equal(published_2024(s), 1);
    /* staff still see it, and the attachment is kept for them */
    assert_int_equal(rows(s, "attachments", a), 1);
    /* the audit trail says who and why */
    struct audit_log l;
    audit_of(s, a, &l);
    assert_non_null(strstr(l.b.data, "withdraw/孙七/B/A;"));
    buf_free(&l.b);
    /* nothing but comments afterwards */
    assert_int_equal(step(s, a, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", "again", &o, &e), GK_ESTATE);
    struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七",
                                .date = D("2024-06-28")};
    assert_int_equal(store_doc_step(s, agency, a, &rp, &o, &e), GK_ESTATE);
    assert_int_equal(step(s, a, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", "更正", &o, &e), GK_ESTATE);
    must(step(s, a, DOC_A_COMMENT, DOC_R_OFFICE, "孙七", "已通知相关人员", &o, &e), &e);
    /* the interpretation of a withdrawn policy is not published */
    struct doc in;
    draft(&in, "关于低保对象名单的解读", "2024-06-01", "解读正文");
    strcpy(in.genre, DOC_GENRE_INTERPRETATION);
    in.interprets = a;
    must(store_doc_add(s, &in, "张三", &e), &e);
    sign_off(s, in.id, "张三");
    struct store_doc_step ip = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七", .date = DOC_NODAY};
    assert_int_equal(store_doc_step(s, agency, in.id, &ip, &o, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "was withdrawn"));
    doc_clear(&in);
    /* a draft in review is still taken back by its author the old way */
    int64_t c = add_draft(s, "丙：草稿", "2024-06-01", "正文");
    must(step(s, c, DOC_A_SUBMIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    must(step(s, c, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三", NULL, &o, &e), &e);
    assert_int_equal(o.to, DOC_DRAFT);
}

static void test_publicity_period(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct doc d;
    draft(&d, "低保对象公示", "2024-06-01", "公示期内如有异议请来电。");
    strcpy(d.category, "社会救助");
    d.publicity_until = D("2024-06-20");
    d.written = D("2024-06-25");
    assert_int_equal(store_doc_add(s, &d, "张三", &e), GK_EINVAL);   /* ends before it was written */
    assert_string_equal(e.where, "publicity_until");
    d.written = D("2024-06-01");
    d.publicity_until = D("2024-07-05");
    must(store_doc_add(s, &d, "张三", &e), &e);
    int64_t id = d.id;
    doc_clear(&d);
    publish(s, id, "2024-06-20");
    int64_t n = 0;
    must(store_doc_counts(s, agency, "category", category_sum_cb, &n, &e), &e);
    assert_int_equal(n, 1);
    assert_int_equal(total_of(s, "公示"), 1);
    /* the last day it is public; the day after, gone without any write */
    setenv("GONGKAI_TODAY", "2024-07-05", 1);
    assert_int_equal(total_of(s, "公示"), 1);
    setenv("GONGKAI_TODAY", "2024-07-06", 1);
    assert_int_equal(total_of(s, "公示"), 0);
    struct store_doc_query q = {.agency_id = agency, .validity = -1, .by_date = true};
    char ids[256];
    int64_t total;
    search_ids(s, &q, ids, sizeof ids, &total);
    assert_int_equal(total, 0);
    n = 0;
    must(store_doc_counts(s, agency, "category", category_sum_cb, &n, &e), &e);
    assert_int_equal(n, 0);
    /* it was published in 2024 all the same (table 二 counts it there) */
    assert_int_equal(published_2024(s), 1);
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
}

static void test_correction(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t id = add_draft(s, "关于调整高龄津贴标准的通知", "2024-06-01", "高龄津贴每月一百元。");
    must(store_doc_attach(s, agency, id, "标准.txt", "一百元", 9, "张三", &e), &e);
    publish(s, id, "2024-06-20");
    struct doc before;
    must(store_doc_get(s, agency, id, &before, &e), &e);
    struct store_doc_outcome o;
    assert_int_equal(step(s, id, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", NULL, &o, &e), GK_ESTATE);
    assert_int_equal(step(s, id, DOC_A_EDIT, DOC_R_AUTHOR, "张三", NULL, &o, &e), GK_ESTATE);
    /* a correction draft with the corrected text given at once */
    struct doc f;
    doc_copy(&f, &before);
    free(f.body);
    f.body = xstrdup("高龄津贴每月一百二十元。");
    struct store_doc_step cs = {.action = DOC_A_CORRECT, .role = DOC_R_AUTHOR, .actor = "张三",
                                .comment = "津贴标准由一百元更正为一百二十元", .date = DOC_NODAY, .edit = &f};
    must(store_doc_step(s, agency, id, &cs, &o, &e), &e);
    doc_clear(&f);
    int64_t c = o.created;
    assert_true(c > id);
    struct doc cd;
    must(store_doc_get(s, agency, c, &cd, &e), &e);
    assert_int_equal(cd.state, DOC_DRAFT);
    assert_int_equal(cd.corrects, id);
    assert_string_equal(cd.body, "高龄津贴每月一百二十元。");
    doc_clear(&cd);
    assert_int_equal(rows(s, "attachments", c), 1);
    assert_int_equal(step(s, id, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", "又一处", &o, &e), GK_ESTATE);
    /* in review, the published text stays public and the draft is not */
    sign_off(s, c, "张三");
    assert_int_equal(total_of(s, "一百元"), 1);
    assert_int_equal(total_of(s, "一百二十元"), 0);
    struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七",
                                 .date = D("2024-06-28"), .comment = "更正发布"};
    must(store_doc_step(s, agency, c, &pub, &o, &e), &e);
    assert_int_equal(o.created, id);
    assert_string_equal(o.index_no, before.index_no);
    /* the document keeps its identity and shows the corrected text */
    struct doc after;
    must(store_doc_get(s, agency, id, &after, &e), &e);
    assert_string_equal(after.body, "高龄津贴每月一百二十元。");
    assert_string_equal(after.index_no, before.index_no);
    assert_int_equal(after.published, before.published);
    assert_int_equal(after.corrected_on, D("2024-06-28"));
    assert_string_equal(after.correction_note, "津贴标准由一百元更正为一百二十元");
    doc_clear(&after);
    assert_int_equal(store_doc_get(s, agency, c, &cd, &e), GK_ENOTFOUND);
    assert_int_equal(total_of(s, "一百元"), 0);
    assert_int_equal(total_of(s, "一百二十元"), 1);
    assert_int_equal(published_2024(s), 1);
    /* the earlier version is kept, with its attachments */
    buf vb;
    buf_init(&vb);
    must(store_doc_versions(s, id, version_cb, &vb, &e), &e);
    assert_non_null(strstr(vb.data, "1:高龄津贴每月一百元。:[{\"name\":\"标准.txt\""));
    buf_free(&vb);
    assert_int_equal(rows(s, "attachments", id), 1);
    struct audit_log l;
    audit_of(s, id, &l);
    assert_non_null(strstr(l.b.data, "correct/张三/-/A;"));
    assert_non_null(strstr(l.b.data, "correct.publish/孙七/B/A;"));
    buf_free(&l.b);
    /* a correction whose document was withdrawn meanwhile is not published */
    must(step(s, id, DOC_A_CORRECT, DOC_R_OFFICE, "孙七", "第二次更正", &o, &e), &e);
    int64_t c2 = o.created;
    sign_off(s, c2, "孙七");
    must(step(s, id, DOC_A_WITHDRAW, DOC_R_LEADER, "赵六", "政策调整，暂停公开", &o, &e), &e);
    assert_int_equal(store_doc_step(s, agency, c2, &pub, &o, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "withdrawn"));
    must(store_doc_get(s, agency, c2, &cd, &e), &e);
    assert_int_equal(cd.state, DOC_SIGNED);
    doc_clear(&cd);
    buf_init(&vb);
    must(store_doc_versions(s, id, version_cb, &vb, &e), &e);
    assert_null(strstr(vb.data, "2:"));
    buf_free(&vb);
    doc_clear(&before);
}

/* Frequent strings through imports: the counts an import adds are kept in
 * memory and written once at its end (store_doc_index_bulk_end), and the
 * set is mined afresh once when the index doubled; the totals stay exact,
 * and an import that fails adds nothing. */
static void import_fdocs_to(store_t *s, int64_t agency_id, struct fdoc *v, size_t from, size_t to, const char *bad_row)
{
    static const char *const words[] = {"关于做好最低生活保障工作的通知", "低保户", "临时救助", "殡葬改革",
                                        "特困人员救助供养", "２０２４年", "www.zmd.gov.cn"};
    const size_t nw = sizeof words / sizeof words[0];
    buf t;
    buf_init(&t);
    buf_puts(&t, csv_head);
    for (size_t i = from; i < to; i++) {
        snprintf(v[i].title, sizeof v[i].title, "第%zu号 %s", i, words[(i * 5) % nw]);
        snprintf(v[i].body, sizeof v[i].body, "%s%s", words[(i * 2) % nw], i % 3 ? "" : words[(i / 2) % nw]);
        buf_printf(&t, "%s,,驻马店市民政局,2024-01-02,2024-01-05,%s,,,\n", v[i].title, v[i].body);
    }
    if (bad_row)
        buf_puts(&t, bad_row);
    struct doc_import im;
    doc_import_parse(t.data, t.len, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    assert_int_equal(im.nerrors, 0);
    err e = {0};
    int hits;
    int rc = store_doc_import(s, agency_id, &im, "孙七", &hits, &e);
    if (bad_row) {
        assert_int_equal(rc, GK_EINVAL);
        for (size_t i = from; i < to; i++)
            v[i].title[0] = v[i].body[0] = 0;
    } else {
        must(rc, &e);
    }
    doc_import_free(&im);
    buf_free(&t);
}

static void import_fdocs(store_t *s, struct fdoc *v, size_t from, size_t to, const char *bad_row)
{
    import_fdocs_to(s, agency, v, from, to, bad_row);
}

static void test_frequent_strings_import(void **state)
{
    store_t *s = *state;
    err e = {0};
    static const char *const phrases[] = {"关于做好最低生活保障工作的通知", "低保户", "临时救助",
                                          "特困人员救助供养", "２０２４年", "www.zmd.gov.cn"};
    const size_t np = sizeof phrases / sizeof phrases[0];
    static struct fdoc v[150];
    bool sqlite = strcmp(store_backend(s), "sqlite") == 0;
    /* the totals are checked against the documents holding each string: no synonyms */
    must(store_synonyms_set(s, agency, "", "孙七", &e), &e);
    struct store_gram_stats st;
    import_fdocs(s, v, 0, 30, NULL);   /* into an empty index */
    check_totals(s, v, 30, phrases, np);
    if (sqlite) {
        must(store_doc_grams_rebuild(s, &st, &e), &e);
        assert_int_equal(st.docs, 30);
    }
    import_fdocs(s, v, 30, 50, NULL);   /* 50 < 2 x 30: counted, not mined again */
    if (sqlite) {
        must(store_doc_grams_info(s, &st, &e), &e);
        assert_int_equal(st.docs, 30);
        assert_int_equal(st.indexed, 50);
    }
    check_totals(s, v, 50, phrases, np);
    /* the last row points nowhere: nothing imported, nothing counted */
    import_fdocs(s, v, 50, 90, "无主解读,,驻马店市民政局,2019-06-01,2019-06-05,正文,,,驻民文〔2019〕1号\n");
    if (sqlite) {
        must(store_doc_grams_info(s, &st, &e), &e);
        assert_int_equal(st.indexed, 50);
    }
    check_totals(s, v, 90, phrases, np);
    import_fdocs(s, v, 90, 150, NULL);   /* 110 >= 2 x 30 indexed: mined afresh at the end */
    if (sqlite) {
        must(store_doc_grams_info(s, &st, &e), &e);
        assert_int_equal(st.docs, 110);
        assert_int_equal(st.indexed, 110);
    }
    check_totals(s, v, 150, phrases, np);
    /* one by one again after the import: the counts go on from the kept ones */
    int64_t id = add_draft(s, "低保户 临时救助", "2024-02-01", "www.zmd.gov.cn 特困人员救助供养");
    publish(s, id, "2024-02-02");
    snprintf(v[50].title, sizeof v[50].title, "低保户 临时救助");
    snprintf(v[50].body, sizeof v[50].body, "www.zmd.gov.cn 特困人员救助供养");
    check_totals(s, v, 150, phrases, np);
}


/* Frequent strings with several agencies in one database (issue 13): each
 * agency's one-term totals, and the platform's, stay exact as documents
 * come one by one and by import, before and after mining. */
static void test_frequent_strings_agencies(void **state)
{
    store_t *s = *state;
    err e = {0};
    static const char *const phrases[] = {"关于做好最低生活保障工作的通知", "低保户", "临时救助",
                                          "特困人员救助供养", "２０２４年", "www.zmd.gov.cn"};
    const size_t np = sizeof phrases / sizeof phrases[0];
    struct store_agency a2 = {0};
    strcpy(a2.code, "zmdjyj");
    strcpy(a2.name, "驻马店市教育局");
    strcpy(a2.org_code, "11410000005184321K");
    int64_t other;
    must(store_agency_add(s, &a2, &other, &e), &e);
    /* the totals are checked against the documents holding each string: no synonyms */
    must(store_synonyms_set(s, agency, "", "孙七", &e), &e);
    must(store_synonyms_set(s, other, "", "孙七", &e), &e);
    store_synonyms_set(s, 0, "", "孙七", NULL);   /* the platform's, where it has one */
    /* v: the first agency's documents, w: the other's, all: both */
    static struct fdoc v[80], w[80], all[160];
    import_fdocs_to(s, agency, v, 0, 40, NULL);
    import_fdocs_to(s, other, w, 5, 35, NULL);   /* another mix of the phrases */
    bool sqlite = strcmp(store_backend(s), "sqlite") == 0;
    struct store_gram_stats st;
    if (sqlite) {
        must(store_doc_grams_rebuild(s, &st, &e), &e);
        assert_true(st.per_agency);
    }
    for (int round = 0; round < 2; round++) {
        memcpy(all, v, sizeof v);
        memcpy(all + 80, w, sizeof w);
        check_totals_of(s, agency, v, 80, phrases, np);
        check_totals_of(s, other, w, 80, phrases, np);
        check_totals_of(s, 0, all, 160, phrases, np);
        /* more after mining: by import into one agency, one by one into the other */
        if (round == 0) {
            import_fdocs_to(s, agency, v, 40, 60, NULL);
            struct doc d;
            draft(&d, "低保户 临时救助", "2024-02-01", "www.zmd.gov.cn 特困人员救助供养");
            d.agency_id = other;
            must(store_doc_add(s, &d, "张三", &e), &e);
            struct store_doc_outcome o;
            const int steps[][2] = {{DOC_A_SUBMIT, DOC_R_AUTHOR}, {DOC_A_APPROVE, DOC_R_REVIEWER1},
                                    {DOC_A_APPROVE, DOC_R_REVIEWER2}, {DOC_A_APPROVE, DOC_R_LEADER}};
            const char *who[] = {"张三", "李四", "王五", "赵六"};
            for (int k = 0; k < 4; k++) {
                struct store_doc_step ds = {.action = steps[k][0], .role = steps[k][1], .actor = who[k]};
                must(store_doc_step(s, other, d.id, &ds, &o, &e), &e);
            }
            struct store_doc_step pub = {.action = DOC_A_PUBLISH, .role = DOC_R_OFFICE, .actor = "孙七",
                                         .date = D("2024-02-02")};
            must(store_doc_step(s, other, d.id, &pub, &o, &e), &e);
            snprintf(w[0].title, sizeof w[0].title, "低保户 临时救助");
            snprintf(w[0].body, sizeof w[0].body, "www.zmd.gov.cn 特困人员救助供养");
            doc_clear(&d);
        }
    }
}

/* ---- search: one order for every page, synonyms, suggestions, ranking ---- */

static int64_t publish_doc(store_t *s, const char *title, const char *genre, const char *body, const char *date)
{
    struct doc d;
    err e = {0};
    draft(&d, title, "2024-01-02", body);
    snprintf(d.genre, sizeof d.genre, "%s", genre);
    must(store_doc_add(s, &d, "张三", &e), &e);
    int64_t id = d.id;
    doc_clear(&d);
    publish(s, id, date);
    return id;
}

/* Pages through every hit of q, `limit` at a time, and checks each document
 * comes exactly once and the pages add up to the total. */
static void page_through(store_t *s, struct store_doc_query q, int limit, int64_t expect_total)
{
    err e = {0};
    int64_t seen[256], total = -1;
    size_t nseen = 0;
    q.limit = limit;
    for (q.offset = 0;; q.offset += limit) {
        struct store_doc_result *r;
        size_t n;
        int64_t t;
        must(store_doc_search(s, &q, &r, &n, &t, &e), &e);
        if (total < 0)
            total = t;
        assert_int_equal(t, total);
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < nseen; k++)
                if (seen[k] == r[i].id)
                    fail_msg("%s (%s, pool %d, page at %d): document %lld shown twice", q.text,
                             q.by_date ? "date" : "relevance", q.relevance_pool, q.offset, (long long)r[i].id);
            assert_true(nseen < 256);
            seen[nseen++] = r[i].id;
        }
        store_doc_results_free(r, n);
        if (n < (size_t)limit)
            break;
    }
    assert_int_equal(total, expect_total);
    assert_int_equal((int64_t)nseen, total);
}

static void test_search_pages_one_order(void **state)
{
    store_t *s = *state;
    static const char *const genres[] = {"统计信息", DOC_GENRE_NORMATIVE, "通知", DOC_GENRE_INTERPRETATION, "公示"};
    char title[128], body[256];
    for (int i = 0; i < 40; i++) {
        snprintf(title, sizeof title, "第%d号 社会救助%s", i, i % 3 ? "工作" : "资金发放情况");
        snprintf(body, sizeof body, "社会救助%s。%s", i % 2 ? "对象" : "标准", i % 4 ? "" : "社会救助社会救助");
        publish_doc(s, title, genres[i % 5], body, i < 20 ? "2024-03-01" : "2024-04-01");
    }
    /* more hits (40) than the pool, by each sort, pages of several sizes,
     * with and without a filter (a filter counts and ranks every hit) */
    static const struct { int pool, limit, year; bool by_date; } cases[] = {
        {7, 4, 0, false}, {7, 7, 0, false}, {7, 3, 0, true}, {0, 6, 0, false},
        {5, 9, 2024, false}, {39, 13, 0, false}, {1, 1, 0, false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct store_doc_query q = {.agency_id = agency, .text = "社会救助", .validity = -1,
                                    .relevance_pool = cases[c].pool, .year = cases[c].year,
                                    .by_date = cases[c].by_date};
        page_through(s, q, cases[c].limit, 40);
    }
}

static void test_search_finds_what_people_type(void **state)
{
    store_t *s = *state;
    err e = {0};
    /* each pair of the shipped dictionary, one document with each form only */
    static const struct { const char *abbr, *full; } pairs[] = {
        {"低保", "最低生活保障"}, {"特困", "特困人员救助供养"}, {"医保", "医疗保障"},
        {"社保", "社会保险"},     {"残补", "残疾人两项补贴"},
    };
    char title[128];
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        snprintf(title, sizeof title, "关于%s对象名单的公示", pairs[i].abbr);
        publish_doc(s, title, "公示", "名单附后。", "2024-03-01");
        snprintf(title, sizeof title, "%s对象名单公示", pairs[i].full);
        publish_doc(s, title, "公示", "名单附后。", "2024-03-01");
    }
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *forms[2] = {pairs[i].abbr, pairs[i].full};
        for (int f = 0; f < 2; f++) {
            if (total_of(s, forms[f]) != 2)
                fail_msg("%s: found %lld documents, not the 2 holding %s or %s", forms[f],
                         (long long)total_of(s, forms[f]), pairs[i].abbr, pairs[i].full);
        }
    }
    /* the agency's own dictionary replaces the shipped one */
    must(store_synonyms_set(s, agency, "# 本单位\n医保 社会保险\n", "孙七", &e), &e);
    assert_int_equal(total_of(s, "低保"), 1);
    assert_int_equal(total_of(s, "医保"), 2);
    assert_int_equal(total_of(s, "社会保险"), 2);
    assert_int_equal(total_of(s, "医疗保障"), 1);
    assert_int_equal(store_synonyms_set(s, agency, "低保\n", "孙七", &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "line 1"));
    must(store_synonyms_set(s, agency, NULL, "孙七", &e), &e);
    assert_int_equal(total_of(s, "低保"), 2);

    /* did you mean: a misspelt query gets a suggestion that finds results */
    static const struct { const char *typed, *suggested; } typos[] = {
        {"最低生活保章", "最低生活保障"},
        {"特困人员救助共养", "特困人员救助供养"},
        {"残疾人两项补帖 名单", "残疾人两项补贴 名单"},
    };
    for (size_t i = 0; i < sizeof typos / sizeof typos[0]; i++) {
        struct store_doc_query q = {.agency_id = agency, .text = typos[i].typed, .validity = -1};
        assert_int_equal(total_of(s, typos[i].typed), 0);
        char *sug;
        must(store_doc_suggest(s, &q, &sug, &e), &e);
        if (!sug || strcmp(sug, typos[i].suggested) != 0)
            fail_msg("%s: suggested %s, not %s", typos[i].typed, sug ? sug : "nothing", typos[i].suggested);
        assert_true(total_of(s, sug) > 0);
        free(sug);
    }
    struct store_doc_query none = {.agency_id = agency, .text = "殡葬改革", .validity = -1};
    char *sug;
    must(store_doc_suggest(s, &none, &sug, &e), &e);
    assert_null(sug);
}

static void test_search_ranks_policies_first(void **state)
{
    store_t *s = *state;
    err e = {0};
    char title[128];
    for (int m = 1; m <= 6; m++) {
        snprintf(title, sizeof title, "2024年%d月城乡居民最低生活保障统计数据", m);
        publish_doc(s, title, "统计信息", "城乡居民最低生活保障人数、最低生活保障资金支出情况统计。", "2024-03-01");
    }
    int64_t policy = publish_doc(s, "关于提高城乡居民最低生活保障标准的通知", DOC_GENRE_NORMATIVE,
                                 "经市政府同意，现就提高城乡居民最低生活保障标准有关事项通知如下：城市标准每人每月"
                                 "740元，农村标准每人每年7200元。各县区要按照本通知要求，认真做好标准调整工作。",
                                 "2024-01-02");
    int64_t reading = publish_doc(s, "《关于提高城乡居民最低生活保障标准的通知》政策解读", DOC_GENRE_INTERPRETATION,
                                  "一、背景。二、主要内容：标准提高。三、适用范围：全市城乡居民。", "2024-01-02");
    struct store_doc_query q = {.agency_id = agency, .text = "城乡居民最低生活保障", .validity = -1, .limit = 8};
    struct store_doc_result *r;
    size_t n;
    int64_t total;
    must(store_doc_search(s, &q, &r, &n, &total, &e), &e);
    assert_int_equal(total, 8);
    assert_int_equal(r[0].id, policy);
    assert_int_equal(r[1].id, reading);
    store_doc_results_free(r, n);
    /* validity in every result: the policy repealed shows 已废止 */
    struct store_doc_outcome o;
    struct store_doc_step rp = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "孙七", .date = D("2024-05-01")};
    must(store_doc_step(s, agency, policy, &rp, &o, &e), &e);
    must(store_doc_search(s, &q, &r, &n, &total, &e), &e);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].validity, r[i].id == policy ? DOC_V_REPEALED : DOC_V_IN_FORCE);
    store_doc_results_free(r, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_workflow_persisted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_returns_and_clearances, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validity_and_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recipient_list_and_attachments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_numbers_and_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_list_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_and_table2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_channels_counted_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_withdraw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publicity_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frequent_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frequent_strings_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frequent_strings_agencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_pages_one_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_finds_what_people_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_ranks_policies_first, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
